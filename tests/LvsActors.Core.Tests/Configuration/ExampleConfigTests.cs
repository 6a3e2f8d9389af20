using System.Net;
using System.Net.Sockets;
using LvsActors.Model;

namespace LvsActors.Tests.Configuration;

/// <summary>Every file in hocon/ loads, and says what its comments claim.</summary>
public sealed class ExampleConfigTests
{
    public static TheoryData<string> Files() =>
        new(Directory.GetFiles(RepositoryRoot.Of("hocon"), "*.conf").Select(Path.GetFileName).Order()!);

    [Fact]
    public void The_examples_the_readme_promises_are_there()
    {
        foreach (var name in new[] { "quickstart", "nat", "dr", "tun", "fwmark", "ipv6", "cluster-3node" })
        {
            Assert.True(File.Exists(RepositoryRoot.Of("hocon", name + ".conf")), name);
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_example_is_valid(string file)
    {
        var result = ConfigFile.Load(RepositoryRoot.Of("hocon", file));
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.NotEmpty(result.Value!.VirtualServices);
    }

    [Fact]
    public void Quickstart_runs_on_loopback_with_the_userspace_data_plane()
    {
        var config = Load("quickstart");
        Assert.Equal(DataPlaneKind.Userspace, config.DataPlane);
        var web = Assert.Single(config.VirtualServices);
        Assert.Equal(new AddressServiceKey(Protocol.Tcp, new Endpoint(IPAddress.Loopback, 8080)), web.Key);
        Assert.All(web.RealServers, rs => Assert.True(IPAddress.IsLoopback(rs.Endpoint.Address)));
        Assert.Equal([3, 2, 1], web.RealServers.Select(rs => rs.Weight));
        Assert.All(web.RealServers, rs => Assert.IsType<TcpCheckSpec>(Assert.Single(rs.Checks)));
    }

    [Fact]
    public void Nat_example_has_persistence_quorum_sorry_server_and_thresholds()
    {
        var web = Load("nat").VirtualServices.Single(s => s.Name == "web");
        Assert.Equal(new Persistence(300, IPAddress.Parse("255.255.255.0"), 128), web.Persistence);
        Assert.Equal(2, web.Quorum.Minimum);
        Assert.Equal(1, web.Quorum.Hysteresis);
        Assert.Equal("/usr/local/bin/page-oncall", web.Quorum.Down!.Program);
        Assert.Equal(new Endpoint(IPAddress.Parse("198.51.100.250"), 8080), web.SorryServer!.Endpoint);
        Assert.Equal(new Thresholds(500, 400), web.RealServers[2].Thresholds);
        var http = Assert.IsType<HttpCheckSpec>(web.RealServers[0].Checks[0]);
        Assert.Equal(2, http.Timing.Retry);
        Assert.Equal(TimeSpan.FromSeconds(3), http.Timing.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(6), http.Timing.DelayLoop);
        Assert.Equal([new StatusRange(200, 200)], http.Urls[0].StatusCodes);
        var dns = Load("nat").VirtualServices.Single(s => s.Name == "dns");
        Assert.True(dns.OnePacket);
    }

    [Fact]
    public void Tun_example_passes_tunnel_settings_down_and_overrides_them_per_server()
    {
        var app = Load("tun").VirtualServices.Single();
        Assert.Equal(new TunnelSettings(TunnelType.Gue, 6080, TunnelChecksum.Checksum), app.RealServers[0].Tunnel);
        Assert.Equal(TunnelType.Ipip, app.RealServers[1].Tunnel!.Type);
        Assert.Equal(AddressFamily.InterNetworkV6, app.RealServers[2].Endpoint.Family);
        Assert.Equal(new SchedulerSpec("mh", SchedulerFlags.Sched2), app.Scheduler);
        var misc = Assert.IsType<MiscCheckSpec>(app.RealServers[0].Checks[0]);
        Assert.True(misc.Dynamic);
        Assert.Equal(["/usr/local/bin/check-app", "198.51.100.11"], misc.Command.Arguments);
    }

    [Fact]
    public void Dr_example_defaults_real_server_ports_to_the_service_port()
    {
        var tls = Load("dr").VirtualServices.Single(s => s.Name == "tls");
        Assert.All(tls.RealServers, rs => Assert.Equal(443, rs.Endpoint.Port));
        Assert.All(tls.RealServers, rs => Assert.True(rs.InhibitOnFailure));
        Assert.Equal(SchedulerFlags.Sched1 | SchedulerFlags.Sched2, tls.Scheduler.Flags);
        Assert.Equal("www.example.org", Assert.IsType<HttpCheckSpec>(tls.RealServers[0].Checks[0]).ServerName);
    }

    [Fact]
    public void Cluster_example_maps_the_vrrp_instance()
    {
        var cluster = Load("cluster-3node").Cluster;
        Assert.Equal(150, cluster.Priority);
        Assert.False(cluster.Preempt);
        Assert.Equal(new Vip(IPAddress.Parse("192.0.2.100"), 24, "eth0"), Assert.Single(cluster.Vips));
        Assert.Equal(51u, cluster.SyncDaemon!.SyncId);
        Assert.Equal(TimeSpan.FromMilliseconds(750), cluster.IsolationTimeout);
        Assert.Equal(["eth0"], cluster.TrackInterfaces);
        Assert.Equal(3, cluster.ExpectedVoters);
    }

    [Fact]
    public void Fast_cluster_profile_holds_a_short_lease()
    {
        var cluster = Load("cluster-fast").Cluster;
        Assert.Equal(TimeSpan.FromMilliseconds(260), cluster.IsolationTimeout);
        Assert.Equal("/usr/local/bin/lvs-notify", cluster.NotifyFault!.Program);
    }

    private static LvsConfig Load(string name)
    {
        var result = ConfigFile.Load(RepositoryRoot.Of("hocon", name + ".conf"));
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        return result.Value!;
    }
}
