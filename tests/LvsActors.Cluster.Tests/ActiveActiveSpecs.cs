using Akka.Actor;
using LvsActors.Director.Actors;
using LvsActors.Director.Anycast;
using LvsActors.Director.Leadership;
using LvsActors.Model;

namespace LvsActors.Cluster.Tests;

/// <summary>
/// Three active-active directors in one process (the fast profile's timings, recording sinks, a stand-in for each
/// director's virtual service at /user/director/vs-web that answers its status as told): every director announces
/// while it can serve; one cut off from the others withdraws and comes back when healed; a drained one withdraws
/// and comes back when undrained; one whose service lost quorum withdraws. And the directors agree on the real
/// servers' health over the wire: a real server is down for all when two of three see it down, and only then.
/// </summary>
public sealed class ActiveActiveSpecs
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(15);

    private static Task<TestCluster> StartAsync() =>
        TestCluster.StartAsync([100, 100, 100], (_, s) => s with { Mode = ClusterMode.ActiveActive }, _ => []);

    [Fact]
    public async Task Every_director_announces_and_one_cut_off_drained_or_without_quorum_withdraws_alone()
    {
        await using var cluster = await StartAsync();
        var services = cluster.Nodes.Select(n => StartService(n.System)).ToList();
        await TestCluster.Until(() => cluster.Nodes.All(n => n.Sink.Holds), Within, "all three announce");
        // Every director sends its connections and takes in the others' (no master and backup that move with an owner).
        Assert.All(cluster.Nodes, n => Assert.Equal([VipAction.SyncBoth], n.Sink.Timeline.Where(e => e.Action is VipAction.SyncBoth or VipAction.SyncMaster or VipAction.SyncBackup).Select(e => e.Action)));

        await cluster.Nodes[2].BlackholeAsync(cluster.Nodes[0]);
        await cluster.Nodes[2].BlackholeAsync(cluster.Nodes[1]);
        await TestCluster.Until(() => !cluster.Nodes[2].Sink.Holds, Within, "the cut-off director withdraws");
        Assert.True(cluster.Nodes[0].Sink.Holds && cluster.Nodes[1].Sink.Holds, "the majority side kept announcing");
        await cluster.Nodes[2].HealAsync(cluster.Nodes[0]);
        await cluster.Nodes[2].HealAsync(cluster.Nodes[1]);
        await TestCluster.Until(() => cluster.Nodes[2].Sink.Holds, TimeSpan.FromSeconds(30), "the healed director announces again");

        var drained = await cluster.Nodes[0].Leadership.Holder!.Ask<DirectorDrainState>(new DrainDirector(true), Within);
        Assert.True(drained.Drained);
        await TestCluster.Until(() => !cluster.Nodes[0].Sink.Holds, Within, "the drained director withdraws");
        Assert.Empty((await cluster.Nodes[0].Leadership.Holder!.Ask<DirectorDrainState>(GetDirectorDrain.Instance, Within)).Announced);
        await cluster.Nodes[0].Leadership.Holder!.Ask<DirectorDrainState>(new DrainDirector(false), Within);
        await TestCluster.Until(() => cluster.Nodes[0].Sink.Holds, Within, "the undrained director announces again");

        services[1].QuorumUp = false;
        await TestCluster.Until(() => !cluster.Nodes[1].Sink.Holds, Within, "the director whose service lost quorum withdraws");
        Assert.True(cluster.Nodes[0].Sink.Holds && cluster.Nodes[2].Sink.Holds);
        services[1].QuorumUp = true;
        await TestCluster.Until(() => cluster.Nodes[1].Sink.Holds, Within, "it announces again with quorum back");
    }

    [Fact]
    public async Task A_director_joining_a_serving_cluster_with_a_sync_daemon_warms_up_before_it_announces()
    {
        var folder = Directory.CreateTempSubdirectory("lvsactors-warmup-");
        try
        {
            // A BIRD that is not there (the driver retries, the holder does not care) and a long warm-up: the oldest
            // director, with nobody serving before it, announces at once; the two that joined it wait.
            BgpRouter[] router = [new BgpRouter(System.Net.IPAddress.Parse("192.0.2.1"), 65000)];
            var bgp = new BgpSettings(Path.Combine(folder.FullName, "bird.ctl"), Path.Combine(folder.FullName, "lvsactors.conf"), "lo", null, 65001, router, null,
                TimeSpan.FromSeconds(9))
            { WarmUp = TimeSpan.FromSeconds(20) };
            var sync = new SyncDaemonSettings("eth0", 1, 0, SyncDaemonSettings.DefaultGroup, SyncDaemonSettings.DefaultPort, 1);
            await using var cluster = await TestCluster.StartAsync([100, 100, 100], (_, s) => s with { Mode = ClusterMode.ActiveActive, Bgp = bgp, SyncDaemon = sync }, _ => []);
            cluster.Nodes.ForEach(n => StartService(n.System));

            await TestCluster.Until(() => cluster.Nodes[0].Sink.Holds, Within, "the oldest director announces");
            Assert.False(cluster.Nodes[1].Sink.Holds || cluster.Nodes[2].Sink.Holds, "a director that joined a serving cluster announced before its warm-up ended");
            await TestCluster.Until(() => cluster.Nodes.All(n => n.Sink.Holds), TimeSpan.FromSeconds(45), "the others announce after the warm-up");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_real_server_is_down_for_every_director_once_two_of_three_see_it_down()
    {
        await using var cluster = await StartAsync();
        var rs1 = new Endpoint(System.Net.IPAddress.Parse("198.51.100.11"), 80);
        var agreed = cluster.Nodes.Select(n => WatchAgreement(n.System)).ToList();

        // One director's checks see rs1 down: the others outvote it, nobody takes it out.
        Publish(cluster.Nodes[0].System, [rs1]);
        Publish(cluster.Nodes[1].System, []);
        Publish(cluster.Nodes[2].System, []);
        await TestCluster.Until(() => agreed.All(a => a.Latest is { Count: 0 }), Within, "every director agrees rs1 is up");

        // A second one sees it down: a majority, on every director (the verdicts crossed the wire as JSON).
        Publish(cluster.Nodes[2].System, [rs1]);
        await TestCluster.Until(() => agreed.All(a => a.Latest is [var down] && down == rs1), Within, "every director agrees rs1 is down",
            () => string.Join("; ", agreed.Select(a => a.Latest is null ? "none" : $"[{string.Join(",", a.Latest)}]")));

        // One recovers: one of three is no majority, rs1 is back everywhere.
        Publish(cluster.Nodes[0].System, []);
        await TestCluster.Until(() => agreed.All(a => a.Latest is { Count: 0 }), Within, "every director agrees rs1 is up again");
    }

    private static void Publish(ActorSystem system, IReadOnlyList<Endpoint> down) =>
        system.EventStream.Publish(new LocalVerdicts("web", down));

    private static StandIn StartService(ActorSystem system)
    {
        var state = new StandIn();
        var director = system.ActorOf(Props.Create(() => new Parent()), "director");
        director.Tell(Props.Create(() => new StandInService(state)));
        return state;
    }

    private static AgreementWatchState WatchAgreement(ActorSystem system)
    {
        var state = new AgreementWatchState();
        var watch = system.ActorOf(Props.Create(() => new AgreementWatch(state)));
        system.EventStream.Subscribe(watch, typeof(AgreedVerdicts));
        return state;
    }

    /// <summary>/user/director/vs-web: answers GetServiceStatus for a service on the fast profile's VIP, quorum as set.</summary>
    private sealed class StandInService : ReceiveActor
    {
        public StandInService(StandIn state) =>
            Receive<GetServiceStatus>(_ => Sender.Tell(new ServiceStatus("web", "192.0.2.100:80/TCP", "mh", state.QuorumUp, false, [])));
    }

    /// <summary>/user/director, the stand-in service's parent.</summary>
    private sealed class Parent : ReceiveActor
    {
        public Parent() => Receive<Props>(props => Context.ActorOf(props, "vs-web"));
    }

    private sealed class StandIn
    {
        public volatile bool QuorumUp = true;
    }

    /// <summary>The latest AgreedVerdicts for "web" on one director's event stream.</summary>
    private sealed class AgreementWatch : ReceiveActor
    {
        public AgreementWatch(AgreementWatchState state) =>
            Receive<AgreedVerdicts>(a =>
            {
                if (a.VirtualService == "web")
                {
                    state.Latest = a.Down;
                }
            });
    }

    private sealed class AgreementWatchState
    {
        public volatile IReadOnlyList<Endpoint>? Latest;
    }
}
