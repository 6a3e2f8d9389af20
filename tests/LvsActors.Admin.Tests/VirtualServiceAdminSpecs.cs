using Akka.Actor;
using Akka.TestKit;
using LvsActors.Director.Actors;
using LvsActors.Director.Intent;
using LvsActors.Table;
using static LvsActors.Admin.Tests.TestDirector;

namespace LvsActors.Admin.Tests;

/// <summary>A VirtualServiceActor applies AdminStateChanged on top of configuration and health, and sends the data plane the result.</summary>
public sealed class VirtualServiceAdminSpecs : Akka.TestKit.Xunit2.TestKit
{
    private static readonly DateTimeOffset At = DateTimeOffset.UtcNow;
    private readonly TestProbe _dataPlane;
    private readonly Akka.Actor.IActorRef _service;
    private AdminIntent _intent = AdminIntent.Empty;
    private long _version;

    public VirtualServiceAdminSpecs()
    {
        _dataPlane = CreateTestProbe();
        var web = Load(Text(Sqlite("/unused.db"))).Config.VirtualServices[0];
        _service = Sys.ActorOf(VirtualServiceActor.Props(web, _dataPlane, Services));
        Assert.Equal(new Dictionary<string, int> { [Rs1] = 3, [Rs2] = 2, [Rs3] = 1 }, Weights(_dataPlane.ExpectMsg<DesiredServiceState>().Entry!));
    }

    private static Dictionary<string, int> Weights(ServiceEntry entry) => entry.Destinations.ToDictionary(d => d.Endpoint.ToString(), d => d.Weight);

    private Dictionary<string, int> After(IAdminEvent e)
    {
        _intent = _intent.Apply(e);
        _service.Tell(new AdminStateChanged(_intent, ++_version));
        return Weights(_dataPlane.ExpectMsg<DesiredServiceState>().Entry!);
    }

    [Fact]
    public void Drain_override_add_and_remove_reach_the_data_plane_in_order()
    {
        Assert.Equal(0, After(new RealServerDrained(Service, Rs1, At.AddHours(1), "t", At))[Rs1]);
        Assert.Equal(8, After(new WeightOverridden(Service, Rs2, 8, "t", At))[Rs2]);
        Assert.Equal(5, After(new RealServerAdded(Service, "198.51.100.14:80", 5, Rs2, "t", At))["198.51.100.14:80"]);
        Assert.False(After(new RealServerRemoved(Service, Rs3, "t", At)).ContainsKey(Rs3));
        Assert.False(After(new DrainCompleted(Service, Rs1, "timeout", "t", At)).ContainsKey(Rs1));
        Assert.Equal(new Dictionary<string, int> { [Rs1] = 3, [Rs2] = 8, ["198.51.100.14:80"] = 5 }, After(new RealServerRestored(Service, Rs1, "t", At)));
    }

    [Fact]
    public void Intent_that_does_not_change_the_entry_sends_nothing()
    {
        _intent = _intent.Apply(new RealServerMaintenanceStarted("other-service", Rs1, "t", At));
        _service.Tell(new AdminStateChanged(_intent, 1));
        _dataPlane.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }
}
