using System.Net;
using LvsActors.Director.Actors;
using LvsActors.Director.Intent;
using LvsActors.Model;
using static LvsActors.Admin.Tests.TestDirector;

namespace LvsActors.Admin.Tests;

/// <summary>How operator intent changes the desired table entry, as pure functions.</summary>
public sealed class ServiceStateAdminTests
{
    private static readonly VirtualService Web = Load(Text(Sqlite("/unused.db"))).Config.VirtualServices[0];
    private static readonly Dictionary<Endpoint, (bool Up, int Weight)> AllUp = Web.RealServers.ToDictionary(rs => rs.Endpoint, rs => (true, rs.Weight));
    private static readonly DateTimeOffset Now = DateTimeOffset.UnixEpoch;

    private static Dictionary<string, int> Table(VirtualService service, ServiceIntent intent, Dictionary<Endpoint, (bool, int)>? health = null) =>
        ServiceState.Desired(service, health ?? AllUp, true, intent).Destinations.ToDictionary(d => d.Endpoint.ToString(), d => d.Weight);

    private static ServiceIntent After(params IAdminEvent[] events) => events.Aggregate(AdminIntent.Empty, (i, e) => i.Apply(e)).For(Service);

    [Fact]
    public void Without_intent_the_table_is_as_configured() =>
        Assert.Equal(new Dictionary<string, int> { [Rs1] = 3, [Rs2] = 2, [Rs3] = 1 }, Table(Web, ServiceIntent.Empty));

    [Fact]
    public void A_draining_server_stays_in_the_table_at_weight_0_and_leaves_when_the_drain_completes()
    {
        var drained = new RealServerDrained(Service, Rs1, Now.AddMinutes(5), "t", Now);
        Assert.Equal(0, Table(Web, After(drained))[Rs1]);
        Assert.False(Table(Web, After(drained, new DrainCompleted(Service, Rs1, "no connections", "t", Now))).ContainsKey(Rs1));
    }

    [Fact]
    public void An_override_replaces_the_weight_and_a_restore_clears_everything()
    {
        var overridden = new WeightOverridden(Service, Rs2, 9, "t", Now);
        Assert.Equal(9, Table(Web, After(overridden))[Rs2]);
        Assert.Equal(2, Table(Web, After(overridden, new RealServerRestored(Service, Rs2, "t", Now)))[Rs2]);
        Assert.True(After(overridden, new RealServerRestored(Service, Rs2, "t", Now)).IsEmpty);
    }

    [Fact]
    public void Maintenance_removes_a_server_or_keeps_it_at_weight_0_with_inhibit_on_failure()
    {
        var table = Table(Web, After(new RealServerMaintenanceStarted(Service, Rs1, "t", Now), new RealServerMaintenanceStarted(Service, Rs3, "t", Now)));
        Assert.False(table.ContainsKey(Rs1));
        Assert.Equal(0, table[Rs3]);
        Assert.Equal(2, table[Rs2]);
    }

    [Fact]
    public void A_service_in_maintenance_keeps_only_its_inhibited_servers_at_weight_0() =>
        Assert.Equal(new Dictionary<string, int> { [Rs3] = 0 }, Table(Web, After(new ServiceMaintenanceStarted(Service, "t", Now))));

    [Fact]
    public void A_down_server_that_is_overridden_stays_out()
    {
        var health = new Dictionary<Endpoint, (bool, int)>(AllUp) { [Web.RealServers[0].Endpoint] = (false, 3) };
        Assert.False(Table(Web, After(new WeightOverridden(Service, Rs1, 9, "t", Now)), health).ContainsKey(Rs1));
    }

    [Fact]
    public void Runtime_added_servers_join_with_their_template_and_removed_ones_leave()
    {
        var intent = After(new RealServerAdded(Service, "198.51.100.14:80", 4, Rs3, "t", Now), new RealServerRemoved(Service, Rs1, "t", Now));
        var effective = AdminOverlay.Effective(Web, intent);
        var added = Assert.Single(effective.RealServers, rs => rs.Endpoint.Address.Equals(IPAddress.Parse("198.51.100.14")));
        Assert.Equal(4, added.Weight);
        Assert.True(added.InhibitOnFailure);
        Assert.DoesNotContain(effective.RealServers, rs => rs.Endpoint.ToString() == Rs1);
        var health = effective.RealServers.ToDictionary(rs => rs.Endpoint, rs => (true, rs.Weight));
        Assert.Equal(new Dictionary<string, int> { [Rs2] = 2, [Rs3] = 1, ["198.51.100.14:80"] = 4 }, Table(effective, intent, health));
    }
}
