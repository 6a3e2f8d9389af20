using System.Net;
using LvsActors.Model;

namespace LvsActors.Tests.Configuration;

/// <summary>What a keepalived user gets when they leave a key out.</summary>
public sealed class DefaultsTests
{
    private const string Minimal = """
        lvs.virtual-services.web {
          address = "192.0.2.100:80"
          real-servers = [ { address = "198.51.100.11" }, { address = "198.51.100.12:8080", checks = [ { type = tcp } ] } ]
        }
        """;

    [Fact]
    public void A_minimal_service_gets_keepalived_defaults()
    {
        var config = ConfigFile.Valid(Minimal);
        Assert.Equal(DataPlaneKind.Auto, config.DataPlane);
        Assert.Equal(LogSettings.Default, config.Log);
        var web = Assert.Single(config.VirtualServices);
        Assert.Equal(new SchedulerSpec("wlc", SchedulerFlags.None), web.Scheduler);
        Assert.Null(web.Persistence);
        Assert.Equal(QuorumSettings.Default, web.Quorum);
        Assert.Equal(new Endpoint(IPAddress.Parse("198.51.100.11"), 80), web.RealServers[0].Endpoint);
        Assert.All(web.RealServers, rs => Assert.Equal(1, rs.Weight));
        Assert.All(web.RealServers, rs => Assert.Equal(ForwardingMethod.Nat, rs.Forwarding));
        Assert.Equal(CheckTiming.Default, web.RealServers[1].Checks[0].Timing);
        Assert.Equal(TimeSpan.FromSeconds(60), CheckTiming.Default.EffectiveWarmup);
        Assert.Equal(ClusterSettings.Default, config.Cluster);
    }

    [Fact]
    public void Timing_set_on_the_service_reaches_checks_and_the_innermost_wins()
    {
        var config = ConfigFile.Valid("""
            lvs.virtual-services.web {
              address = "192.0.2.100:80"
              delay-loop = 3s
              retry = 4
              real-servers = [
                { address = "198.51.100.11", connect-timeout = 2s, checks = [ { type = tcp }, { type = tcp, retry = 0, connect-port = 81 } ] }
              ]
            }
            """);
        var checks = config.VirtualServices[0].RealServers[0].Checks;
        Assert.Equal(new CheckTiming(TimeSpan.FromSeconds(3), 4, TimeSpan.FromSeconds(1), null, TimeSpan.FromSeconds(2)), checks[0].Timing);
        Assert.Equal(0, checks[1].Timing.Retry);
        Assert.Equal((ushort)81, checks[1].Connect.Port);
    }

    [Fact]
    public void Configs_that_read_the_same_are_equal_so_a_reload_can_tell_what_changed()
    {
        Assert.Equal(ConfigFile.Valid(Minimal), ConfigFile.Valid(Minimal));
        Assert.NotEqual(ConfigFile.Valid(Minimal), ConfigFile.Valid(Minimal.Replace("8080", "8081")));
    }

    [Fact]
    public void Durations_accept_units_and_bare_seconds()
    {
        var config = ConfigFile.Valid("""
            lvs.virtual-services.a { address = "192.0.2.1:80", delay-loop = 1500ms, real-servers = [ { address = "198.51.100.1", checks = [ { type = tcp } ] } ] }
            lvs.virtual-services.b { address = "192.0.2.1:81", delay-loop = 7, real-servers = [ { address = "198.51.100.1", checks = [ { type = tcp } ] } ] }
            lvs.virtual-services.c { address = "192.0.2.1:82", delay-loop = 2m, real-servers = [ { address = "198.51.100.1", checks = [ { type = tcp } ] } ] }
            """);
        Assert.Equal(
            [TimeSpan.FromMilliseconds(1500), TimeSpan.FromSeconds(7), TimeSpan.FromMinutes(2)],
            config.VirtualServices.Select(s => s.RealServers[0].Checks[0].Timing.DelayLoop));
    }

    [Fact]
    public void Keepalived_spellings_of_methods_and_protocols_are_accepted_in_any_case()
    {
        var config = ConfigFile.Valid("""
            lvs.virtual-services.a { protocol = UDP, address = "192.0.2.1:53", forwarding = DR, scheduler = rr, real-servers = [ { address = "198.51.100.1" } ] }
            """);
        var service = config.VirtualServices[0];
        Assert.Equal(Protocol.Udp, ((AddressServiceKey)service.Key).Protocol);
        Assert.Equal(ForwardingMethod.DirectRouting, service.RealServers[0].Forwarding);
    }

    [Fact]
    public void Expected_voters_default_to_the_seed_nodes_and_an_explicit_value_wins()
    {
        const string Seeds = """
            akka.cluster.seed-nodes = ["akka.tcp://lvs@192.0.2.11:4053", "akka.tcp://lvs@192.0.2.12:4053", "akka.tcp://lvs@192.0.2.13:4053"]
            """;
        Assert.Equal(3, ConfigFile.Valid(Seeds + "\n" + Minimal).Cluster.ExpectedVoters);
        Assert.Equal(5, ConfigFile.Valid(Seeds + "\nlvs.fencing.expected-voters = 5\n" + Minimal).Cluster.ExpectedVoters);
        Assert.Equal(1, ConfigFile.Valid("akka.cluster.seed-nodes = []\n" + Minimal).Cluster.ExpectedVoters);
        Assert.Equal(1, ConfigFile.Valid(Minimal).Cluster.ExpectedVoters);
    }
}
