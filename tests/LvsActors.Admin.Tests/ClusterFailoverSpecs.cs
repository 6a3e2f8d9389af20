using Akka.Cluster;
using LvsActors.Director;
using LvsActors.Director.DataPlanes;
using LvsActors.Director.Intent;
using static LvsActors.Admin.Tests.TestDirector;

namespace LvsActors.Admin.Tests;

/// <summary>
/// Three directors (ActorSystems on 127.0.0.1) share a PostgreSQL journal with replication off: the AdminState is a cluster singleton.
/// The node hosting it crashes (terminates without leaving); the drain is still there on the new one.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterFailoverSpecs : IAsyncLifetime
{
    // Fast failure detection and a short split-brain decision (long enough for the default 2 s isolation timeout, which
    // validate checks); a crash is a stop without leave. A heartbeat pause of 2 s, not 600 ms: three actor systems in one
    // test process, on a CI host, missed 600 ms now and then, and a member downed by mistake never saw the drain.
    private const string ClusterAkka = """
        actor.provider = cluster
        remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
        cluster {
          roles = [director]
          downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
          split-brain-resolver { active-strategy = keep-majority, stable-after = 2s }
          failure-detector { heartbeat-interval = 200ms, acceptable-heartbeat-pause = 2s }
          gossip-interval = 250ms
          leader-actions-interval = 250ms
          unreachable-nodes-reaper-interval = 250ms
          run-coordinated-shutdown-when-down = off
        }
        coordinated-shutdown.run-by-actor-system-terminate = off
        """;

    private readonly List<(DirectorHost Host, DryRunDataPlane Plane)> _nodes = [];

    public async Task InitializeAsync() => await PostgresJournal.RequireAsync();

    [Fact]
    public async Task A_drain_survives_the_crash_of_the_node_hosting_the_admin_singleton()
    {
        var text = Text(PostgresJournal.Journal, $"persistence-id = \"cluster-spec-{Guid.NewGuid():N}\", replication.enabled = off", ClusterAkka) + "\nlvs.cluster.tls.insecure = on\n";
        for (var i = 0; i < 3; i++)
        {
            var plane = new DryRunDataPlane();
            _nodes.Add((Start(text, plane), plane));
        }
        var seed = Cluster.Get(_nodes[0].Host.System).SelfAddress;
        foreach (var (host, _) in _nodes)
        {
            Cluster.Get(host.System).Join(seed);
        }
        await Eventually(() => _nodes.All(n => Cluster.Get(n.Host.System).State.Members.Count(m => m.Status == MemberStatus.Up) == 3), "three members up", 30);
        await Ready(_nodes[1].Host.AdminState);

        Assert.IsType<AdminWriteAccepted>(await Send(_nodes[1].Host.AdminState, new DrainRealServer(Service, Rs1, TimeSpan.FromHours(1), "spec")));
        await Eventually(() => _nodes.All(n => WeightOf(n.Plane, Rs1) == 0), "the drain applied on every director (pub-sub)", 30);

        // The oldest member hosts the singleton. Crash it: terminate without leaving the cluster.
        var oldest = _nodes.OrderBy(n => Cluster.Get(n.Host.System).SelfMember, Member.AgeOrdering).First();
        await oldest.Host.System.Terminate();
        _nodes.Remove(oldest);

        var state = await Ready(_nodes[0].Host.AdminState);
        Assert.NotNull(state.Intent.For(Service).For(Rs1).Drain);
        Assert.IsType<AdminWriteAccepted>(await Send(_nodes[0].Host.AdminState, new OverrideWeight(Service, Rs2, 5, "spec")));
        await Eventually(() => _nodes.All(n => WeightOf(n.Plane, Rs2) == 5 && WeightOf(n.Plane, Rs1) == 0),
            "the new singleton's change applied on the surviving directors, the drain kept", 30);
    }

    public async Task DisposeAsync()
    {
        foreach (var (host, _) in _nodes)
        {
            await host.System.Terminate();
        }
    }
}
