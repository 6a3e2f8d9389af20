using Akka.Cluster;
using LvsActors.Director;
using LvsActors.Director.DataPlanes;
using LvsActors.Director.Intent;
using static LvsActors.Admin.Tests.TestDirector;

namespace LvsActors.Admin.Tests;

/// <summary>
/// Three directors (ActorSystems on 127.0.0.1), each with its own SQLite journal and LMDB intent store and no database
/// server: operator intent is replicated among them. Crashes are terminations without leaving.
/// </summary>
public sealed class ReplicatedIntentSpecs : IAsyncLifetime
{
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
          distributed-data.gossip-interval = 500ms
        }
        coordinated-shutdown.run-by-actor-system-terminate = off
        """;

    private readonly ScratchFolder _scratch = new();
    private readonly Node?[] _nodes = new Node?[3];

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_drain_through_director_2_survives_the_crash_and_restart_of_each_director_in_turn_and_of_all_three()
    {
        await StartAll();
        Assert.IsType<AdminWriteAccepted>(await Send(_nodes[1]!.Host.AdminState, new DrainRealServer(Service, Rs1, TimeSpan.FromHours(1), "spec")));
        await Eventually(() => Live.All(n => WeightOf(n.Plane, Rs1) == 0), "the drain applied on every director");

        for (var i = 0; i < 3; i++)
        {
            await Crash(i);
            await Restart(i);
            var restarted = _nodes[i]!;
            await Eventually(() => WeightOf(restarted.Plane, Rs1) == 0, $"director {i + 1} applies the drain after its restart");
            // The services waited for the intent: the drained server was never programmed at its configured weight.
            Assert.DoesNotContain(restarted.Plane.History, c => c.ToString().Contains(Rs1) && c.ToString().EndsWith("weight 3"));
            Assert.All(Live, n => Assert.Equal(0, WeightOf(n.Plane, Rs1)));
        }

        for (var i = 0; i < 3; i++)
        {
            await Crash(i);
        }
        await StartAll();
        foreach (var node in Live)
        {
            var state = await Ready(node.Host.AdminState);
            Assert.NotNull(state.Intent.For(Service).For(Rs1).Drain);
            Assert.DoesNotContain(node.Plane.History, c => c.ToString().Contains(Rs1) && c.ToString().EndsWith("weight 3"));
        }
    }

    [Fact]
    public async Task A_write_succeeds_with_one_director_down_and_is_refused_with_two_down_changing_nothing()
    {
        await StartAll();
        await Crash(0);
        Assert.IsType<AdminWriteAccepted>(await Send(_nodes[1]!.Host.AdminState, new OverrideWeight(Service, Rs2, 7, "spec")));
        await Eventually(() => Live.All(n => WeightOf(n.Plane, Rs2) == 7), "the override applied on both survivors");

        await Crash(2);
        var refused = Assert.IsType<AdminWriteFailed>(await Send(_nodes[1]!.Host.AdminState, new DrainRealServer(Service, Rs1, TimeSpan.FromHours(1), "spec")));
        Assert.Contains("nothing was changed", refused.Reason);
        var state = await Ready(_nodes[1]!.Host.AdminState);
        Assert.Null(state.Intent.For(Service).For(Rs1).Drain);
        Assert.Equal(7, state.Intent.For(Service).For(Rs2).Weight);
        Assert.Equal(3, WeightOf(_nodes[1]!.Plane, Rs1));
    }

    private IEnumerable<Node> Live => _nodes.Where(n => n is not null).Cast<Node>();

    private string TextOf(int i) => Text(
        Sqlite(_scratch.File($"d{i + 1}/admin.db")),
        $"replication {{ dir = \"{_scratch.File($"d{i + 1}/intent")}\", write-timeout = 2s }}",
        ClusterAkka) + "\nlvs.fencing.expected-voters = 3\nlvs.cluster.tls.insecure = on\n";

    private async Task StartAll()
    {
        for (var i = 0; i < 3; i++)
        {
            var plane = new DryRunDataPlane();
            _nodes[i] = new Node(Start(TextOf(i), plane), plane);
        }
        var seed = Cluster.Get(_nodes[0]!.Host.System).SelfAddress;
        foreach (var node in Live)
        {
            Cluster.Get(node.Host.System).Join(seed);
        }
        await Eventually(() => Live.All(n => Cluster.Get(n.Host.System).State.Members.Count(m => m.Status == MemberStatus.Up) == 3), "three members up", 30);
        foreach (var node in Live)
        {
            await Ready(node.Host.AdminState);
        }
    }

    private async Task Crash(int i)
    {
        await _nodes[i]!.Host.System.Terminate();
        _nodes[i] = null;
    }

    private async Task Restart(int i)
    {
        var plane = new DryRunDataPlane();
        var node = new Node(Start(TextOf(i), plane), plane);
        _nodes[i] = node;
        Cluster.Get(node.Host.System).Join(Cluster.Get(Live.First(n => n != node).Host.System).SelfAddress);
        await Eventually(() => Cluster.Get(node.Host.System).State.Members.Count(m => m.Status == MemberStatus.Up) == 3, $"director {i + 1} back in a cluster of three", 40);
        await Ready(node.Host.AdminState);
    }

    public async Task DisposeAsync()
    {
        foreach (var node in Live)
        {
            await node.Host.System.Terminate();
        }
        _scratch.Dispose();
    }

    private sealed record Node(DirectorHost Host, DryRunDataPlane Plane);
}
