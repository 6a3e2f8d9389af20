using System.Net;
using LvsActors.Model;

namespace LvsActors.Tests.Configuration;

/// <summary>lvs.cluster.mode = active-active and lvs.cluster.bgp: what binds, and what validate refuses, where and why.</summary>
public sealed class ActiveActiveConfigTests
{
    private const string Config = """
        lvs {
          cluster {
            mode = active-active
            vips = [ { address = "VIP" } ]
            bgp {
              local-as = 65001
              routers = [ { address = 192.0.2.1, as = 65000 } ]
              BGP_EXTRA
            }
          }
          virtual-services.web {
            address = "203.0.113.100:80"
            scheduler = SCHEDULER
            forwarding = dr
            SERVICE_EXTRA
            real-servers = [ { address = "198.51.100.11" }, { address = "198.51.100.12" } ]
          }
        }
        """;

    private static string Make(string scheduler = "mh", string vip = "203.0.113.100/32", string bgpExtra = "", string serviceExtra = "") =>
        Config.Replace("SCHEDULER", scheduler, StringComparison.Ordinal).Replace("VIP", vip, StringComparison.Ordinal)
            .Replace("BGP_EXTRA", bgpExtra, StringComparison.Ordinal).Replace("SERVICE_EXTRA", serviceExtra, StringComparison.Ordinal);

    [Fact]
    public void An_active_active_cluster_binds_with_the_bgp_defaults()
    {
        var cluster = ConfigFile.Valid(Make()).Cluster;

        Assert.Equal(ClusterMode.ActiveActive, cluster.Mode);
        var bgp = cluster.Bgp!;
        Assert.Equal(65001u, bgp.LocalAs);
        Assert.Equal([new BgpRouter(IPAddress.Parse("192.0.2.1"), 65000)], bgp.Routers);
        Assert.Equal(BgpSettings.DefaultControlSocket, bgp.ControlSocket);
        Assert.Equal(BgpSettings.DefaultConfigFile, bgp.ConfigFile);
        Assert.Equal(BfdSettings.Default, bgp.Bfd);
        Assert.Null(bgp.RouterId);
        // A VIP without an interface goes on the BGP VIP interface, as a host route.
        Assert.Equal([new Vip(IPAddress.Parse("203.0.113.100"), 32, BgpSettings.DefaultVipInterface)], cluster.Vips);
    }

    [Fact]
    public void A_failed_real_server_stays_at_weight_zero_in_active_active_so_the_maglev_table_keeps_its_slots()
    {
        var config = ConfigFile.Valid(Make());

        Assert.All(config.VirtualServices.Single().RealServers, rs => Assert.True(rs.InhibitOnFailure));
    }

    [Fact]
    public void Active_standby_stays_the_default()
    {
        var cluster = ConfigFile.Valid("""
            lvs.cluster.vips = [ { address = "192.0.2.100/24", interface = eth0 } ]
            lvs.virtual-services.web { address = "192.0.2.100:80", scheduler = wlc, real-servers = [ { address = "198.51.100.11:80" } ] }
            """).Cluster;

        Assert.Equal(ClusterMode.ActiveStandby, cluster.Mode);
        Assert.Null(cluster.Bgp);
    }

    [Fact]
    public void Active_standby_leaves_inhibit_on_failure_as_configured() =>
        Assert.All(ConfigFile.Valid(Make("wlc").Replace("mode = active-active", "mode = active-standby", StringComparison.Ordinal)
            .Replace("\"203.0.113.100/32\"", "\"203.0.113.100/24\", interface = eth0", StringComparison.Ordinal)).VirtualServices.Single().RealServers,
            rs => Assert.False(rs.InhibitOnFailure));

    [Theory]
    [InlineData("bfd = off", null, 0)]
    [InlineData("bfd { interval = 50ms, multiplier = 5 }", 50, 5)]
    [InlineData("bfd { multiplier = 4 }", 100, 4)]
    public void Bfd_is_on_by_default_and_can_be_tuned_or_turned_off(string bfd, int? intervalMs, int multiplier)
    {
        var bgp = ConfigFile.Valid(Make(bgpExtra: bfd)).Cluster.Bgp!;

        Assert.Equal(intervalMs is null ? null : new BfdSettings(TimeSpan.FromMilliseconds(intervalMs.Value), multiplier), bgp.Bfd);
    }

    [Theory]
    [InlineData("mh")]
    [InlineData("sh")]
    [InlineData("dh")]
    public void Flow_keeping_schedulers_are_accepted(string scheduler) =>
        Assert.Empty(ConfigFile.Errors(Make(scheduler)));

    [Theory]
    [InlineData("rr")]
    [InlineData("wlc")]
    [InlineData("lblc")]
    [InlineData("twos")]
    public void A_scheduler_that_moves_flows_is_refused_at_the_service_unless_allowed(string scheduler)
    {
        var errors = ConfigFile.Errors(Make(scheduler));

        var error = Assert.Single(errors);
        Assert.StartsWith("test.conf:13: lvs.virtual-services.web.scheduler: " + scheduler + " picks a real server by counters of its own director", error);
        Assert.Contains("use mh", error);
        Assert.Contains("flows-may-move = on", error);
        Assert.Empty(ConfigFile.Errors(Make(scheduler, serviceExtra: "flows-may-move = on")));
    }

    [Fact]
    public void The_same_scheduler_is_fine_in_active_standby() =>
        Assert.Empty(ConfigFile.Errors(Make("wlc").Replace("mode = active-active", "mode = active-standby", StringComparison.Ordinal)
            .Replace("\"203.0.113.100/32\"", "\"203.0.113.100/24\", interface = eth0", StringComparison.Ordinal)));

    [Theory]
    [InlineData("203.0.113.100/24", "203.0.113.100/32, not /24")]
    [InlineData("2001:db8::100/64", "2001:db8::100/128, not /64")]
    public void An_active_active_vip_must_be_a_host_route(string vip, string says)
    {
        var error = Assert.Single(ConfigFile.Errors(Make(vip: vip)));

        Assert.Equal($"test.conf:4: lvs.cluster.vips[0].address: an active-active VIP is announced as a host route: write {says}", error);
    }

    [Fact]
    public void A_vip_names_its_group_and_the_bgp_section_its_backup_prepend()
    {
        var cluster = ConfigFile.Valid(Make(vip: "203.0.113.100/32\", group = \"mail.1", bgpExtra: "backup-prepend = 5")).Cluster;

        Assert.Equal("mail.1", Assert.Single(cluster.Vips).Group);
        Assert.Equal(5, cluster.Bgp!.BackupPrepend);
        Assert.Equal(TimeSpan.FromSeconds(30), cluster.Bgp.WarmUp);
        Assert.Equal(TimeSpan.Zero, ConfigFile.Valid(Make(bgpExtra: "warm-up = 0s")).Cluster.Bgp!.WarmUp);
        Assert.Equal(3, ConfigFile.Valid(Make()).Cluster.Bgp!.BackupPrepend);
        Assert.Null(ConfigFile.Valid(Make()).Cluster.Vips.Single().Group);
    }

    [Theory]
    [InlineData("a b", "\"a b\" is not a group name")]
    [InlineData("", "\"\" is not a group name")]
    public void A_group_name_is_a_word(string group, string says)
    {
        var error = Assert.Single(ConfigFile.Errors(Make(vip: $"203.0.113.100/32\", group = \"{group}")));

        Assert.StartsWith("test.conf:4: lvs.cluster.vips[0].group: " + says, error);
    }

    [Fact]
    public void Active_standby_refuses_a_vip_group()
    {
        var errors = ConfigFile.Errors(Make("wlc").Replace("mode = active-active", "mode = active-standby", StringComparison.Ordinal)
            .Replace("\"203.0.113.100/32\"", "\"203.0.113.100/24\", interface = eth0, group = a", StringComparison.Ordinal));

        Assert.Contains(errors, e => e.StartsWith("test.conf:4: lvs.cluster.vips[0].group: VIP groups are spread over the directors in active-active mode only", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("backup-prepend = 0")]
    [InlineData("backup-prepend = 17")]
    public void Backup_prepend_is_one_to_sixteen(string line) =>
        Assert.Contains(ConfigFile.Errors(Make(bgpExtra: line)), e => e.Contains("lvs.cluster.bgp.backup-prepend", StringComparison.Ordinal));

    [Fact]
    public void Active_active_without_bgp_says_what_to_add()
    {
        var errors = ConfigFile.Errors("""
            lvs.cluster { mode = active-active, vips = [ { address = "203.0.113.100/32" } ] }
            lvs.virtual-services.web { address = "203.0.113.100:80", scheduler = mh, real-servers = [ { address = "198.51.100.11:80" } ] }
            """);

        Assert.Contains(errors, e => e.StartsWith("test.conf:1: lvs.cluster.mode: active-active announces the VIPs by BGP: add lvs.cluster.bgp", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("local-as = 23456", "lvs.cluster.bgp.local-as: 23456 is AS_TRANS")]
    [InlineData("local-as = 0", "lvs.cluster.bgp.local-as")]
    [InlineData("local-as = 4294967296", "lvs.cluster.bgp.local-as")]
    [InlineData("vip-interface = \"lvs vip\"", "lvs.cluster.bgp.vip-interface: \"lvs vip\" is not an interface name")]
    [InlineData("vip-interface = averyveryverylongname", "lvs.cluster.bgp.vip-interface")]
    [InlineData("control-socket = bird.ctl", "lvs.cluster.bgp.control-socket: \"bird.ctl\" must be an absolute path")]
    [InlineData("daemon = frr", "lvs.cluster.bgp.daemon: \"frr\" is not supported; accepted: bird")]
    [InlineData("router-id = 192.0.2", "lvs.cluster.bgp.router-id")]
    [InlineData("routers = [ { address = 192.0.2.1 } ]", "lvs.cluster.bgp.routers[0].as: a router needs its AS number")]
    [InlineData("routers = [ { as = 65000 } ]", "lvs.cluster.bgp.routers[0].address: a router needs its address")]
    [InlineData("bfd { multiplier = 1 }", "lvs.cluster.bgp.bfd.multiplier")]
    [InlineData("hold-time = 1s", "lvs.cluster.bgp.hold-time")]
    [InlineData("color = blue", "lvs.cluster.bgp.color")]
    public void A_broken_bgp_section_is_refused_at_its_key(string line, string says)
    {
        // (A later key overrides the earlier local-as and routers of the template.)
        var errors = ConfigFile.Errors(Make(bgpExtra: line));

        Assert.Contains(errors, e => e.Contains(says, StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_as_and_routers_are_named()
    {
        var errors = ConfigFile.Errors(Make().Replace("local-as = 65001", "", StringComparison.Ordinal)
            .Replace("routers = [ { address = 192.0.2.1, as = 65000 } ]", "", StringComparison.Ordinal));

        Assert.Contains(errors, e => e.Contains("lvs.cluster.bgp.local-as: the director's own AS number is missing", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("lvs.cluster.bgp.routers: the routers to announce the VIPs to are missing", StringComparison.Ordinal));
    }
}
