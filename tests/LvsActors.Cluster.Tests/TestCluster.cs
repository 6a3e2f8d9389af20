using System.Diagnostics;
using Akka.Cluster;
using Akka.Configuration;
using LvsActors.Configuration;
using LvsActors.Director;
using LvsActors.Director.Leadership;
using LvsActors.Model;
using ClusterSettings = LvsActors.Model.ClusterSettings;

namespace LvsActors.Cluster.Tests;

/// <summary>
/// Several nodes in one process, configured from hocon/cluster-fast.conf (the profile we ship), joined in order so
/// that the first is the oldest. A sampler looks at every node's sink every 10 ms and counts owners.
/// </summary>
internal sealed class TestCluster : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampler;
    private readonly List<(long At, int Owners)> _samples = [];
    private readonly List<TestNode> _retired = [];
    private readonly List<(TestNode Node, long At)> _crashed = [];

    // Three members in one process on two cores: with the pool's default minimum their heartbeats waited for threads
    // and start-up ended in downings now and then. A director process raises the same floor (DirectorProcess).
    static TestCluster() => LvsActors.Director.Hosting.ThreadPoolFloor.Apply();

    private TestCluster(List<TestNode> nodes)
    {
        Nodes = nodes;
        _sampler = Task.Run(SampleAsync);
    }

    public List<TestNode> Nodes { get; }

    /// <summary>The fast profile's akka section and lvs.cluster, as a director would load them.</summary>
    public static (Config Akka, ClusterSettings Cluster) FastProfile()
    {
        var path = RepositoryRoot.Of("hocon", "cluster-fast.conf");
        var result = LvsConfigLoader.Load(File.ReadAllText(path), path);
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        return (DirectorHost.ToAkkaConfig(result.Document).WithFallback(DirectorSettings.Reference), result.Value!.Cluster);
    }

    /// <summary>Starts one node per entry (priority, or null for a witness) and waits until all are Up.</summary>
    public static Task<TestCluster> StartAsync(params int?[] priorities) => StartAsync(priorities, (_, s) => s, _ => []);

    /// <summary>As above, with each node's settings and tracks adjusted by index.</summary>
    /// <paramref name="akkaOverride"/>: akka settings taken ahead of the fast profile's, for every node.
    public static async Task<TestCluster> StartAsync(int?[] priorities, Func<int, ClusterSettings, ClusterSettings> adjust, Func<int, IReadOnlyList<ITrack>> tracks, Config? akkaOverride = null)
    {
        var (akka, cluster) = FastProfile();
        akka = akkaOverride is null ? akka : akkaOverride.WithFallback(akka);
        var nodes = new List<TestNode>();
        for (var i = 0; i < priorities.Length; i++)
        {
            var settings = adjust(i, priorities[i] is { } p ? cluster with { Priority = p } : cluster with { Role = DirectorRole.Witness });
            var node = TestNode.Start($"node{i}", akka, settings, tracks(i));
            node.Cluster.Join(nodes.Count == 0 ? node.Address : nodes[0].Address);
            nodes.Add(node);
            // One at a time, so that node0 is the oldest and hosts the singleton.
            await Until(() => node.Cluster.State.Members.Any(m => m.Address == node.Address && m.Status == MemberStatus.Up), TimeSpan.FromSeconds(20), $"{node} Up");
        }
        await Until(() => nodes.All(n => n.Cluster.State.Members.Count(m => m.Status == MemberStatus.Up) == nodes.Count), TimeSpan.FromSeconds(20), "all Up everywhere");
        return new TestCluster(nodes);
    }

    /// <summary>Starts one more director that joins the running cluster, and waits until all see it Up.</summary>
    public async Task<TestNode> JoinAsync(int priority, Func<ClusterSettings, ClusterSettings> adjust)
    {
        var (akka, cluster) = FastProfile();
        var node = TestNode.Start($"node{Nodes.Count}", akka, adjust(cluster with { Priority = priority }), []);
        node.Cluster.Join(Nodes[0].Address);
        Nodes.Add(node);
        await Until(() => Nodes.All(n => n.Cluster.State.Members.Count(m => m.Status == MemberStatus.Up) == Nodes.Count), TimeSpan.FromSeconds(20), $"{node} Up everywhere");
        return node;
    }

    /// <summary>
    /// What a director process does when its actor system stops by itself (DirectorProcess): a new system on the same
    /// address, a new incarnation that joins the others. Replaces <paramref name="node"/> in <see cref="Nodes"/> and
    /// waits until every member sees all Up.
    /// </summary>
    public async Task<TestNode> RejoinAsync(TestNode node)
    {
        var next = await ReincarnateAsync(node, Nodes.Where(n => n != node).ToList(), []);
        await Until(() => Nodes.All(n => n.Cluster.State.Members.Count(m => m.Status == MemberStatus.Up) == Nodes.Count && n.Cluster.State.Unreachable.Count == 0),
            TimeSpan.FromSeconds(30), $"{next} rejoined and Up everywhere", Describe);
        return next;
    }

    /// <summary>
    /// A new incarnation of <paramref name="node"/> on its address that joins through <paramref name="seeds"/> and cannot
    /// talk with <paramref name="cutOffFrom"/> (blackholed before it joins); replaces it in <see cref="Nodes"/>. Does not wait.
    /// </summary>
    public async Task<TestNode> ReincarnateAsync(TestNode node, IReadOnlyList<TestNode> seeds, IReadOnlyList<TestNode> cutOffFrom)
    {
        // A crash or partition blackholed the old incarnation's address on the others; the host is back now.
        foreach (var other in Nodes.Where(n => n != node && !cutOffFrom.Contains(n)))
        {
            await node.HealAsync(other);
        }
        var (akka, _) = FastProfile();
        var next = TestNode.Start(node.Name + "+", akka, node.Settings, [], node.Address.Port!.Value);
        foreach (var other in cutOffFrom)
        {
            await next.BlackholeAsync(other);
        }
        next.Cluster.JoinSeedNodes(seeds.Select(n => n.Address));
        lock (_samples)
        {
            Nodes[Nodes.IndexOf(node)] = next;
            _retired.Add(node);
        }
        return next;
    }

    /// <summary>Waits until exactly one node holds the VIPs, and returns it.</summary>
    public async Task<TestNode> SingleOwnerAsync(TimeSpan within, Func<TestNode, bool>? among = null)
    {
        TestNode? owner = null;
        await Until(() =>
        {
            var holders = Nodes.Where(n => n.Sink.Holds && (among?.Invoke(n) ?? true)).ToList();
            owner = holders.Count == 1 && Nodes.Count(n => n.Sink.Holds) == 1 ? holders[0] : null;
            return owner is not null;
        }, within, "a single owner", Describe);
        return owner!;
    }

    /// <summary>
    /// Waits until the cluster has settled: every member Up and reachable everywhere, and one owner that has held the
    /// VIPs for a second. A starved 2-core host can flap the first owner while three systems start in one process.
    /// </summary>
    public async Task<TestNode> StableOwnerAsync(TimeSpan within)
    {
        TestNode? owner = null;
        long since = 0;
        await Until(() =>
        {
            var holders = Nodes.Where(n => n.Sink.Holds).ToList();
            var calm = Nodes.All(n => n.Cluster.State.Unreachable.Count == 0 && n.Cluster.State.Members.Count(m => m.Status == MemberStatus.Up) == Nodes.Count);
            if (holders.Count != 1 || !calm)
            {
                owner = null;
                return false;
            }
            if (holders[0] != owner)
            {
                (owner, since) = (holders[0], Stopwatch.GetTimestamp());
            }
            return Stopwatch.GetElapsedTime(since) > TimeSpan.FromSeconds(1);
        }, within, "one owner for a second in a calm cluster", Describe);
        return owner!;
    }

    /// <summary>
    /// A host crash: the node falls silent (blackholed both ways, then stopped without leaving or releasing anything).
    /// Its addresses vanish with the host, so its ownership ends when it falls silent.
    /// </summary>
    public async Task<long> CrashAsync(TestNode node)
    {
        foreach (var other in Nodes.Where(n => n != node))
        {
            await node.BlackholeAsync(other);
        }
        var at = Stopwatch.GetTimestamp();
        node.Sink.Release(0, []);
        await node.System.Terminate();
        _crashed.Add((node, at));
        return at;
    }

    /// <summary>
    /// Asserts the safety property on the sinks' timelines: no two nodes' ownership intervals ever overlap, and the
    /// 10 ms sampler never saw two owners.
    /// </summary>
    public void AssertNeverTwoOwners()
    {
        var now = Stopwatch.GetTimestamp();
        var intervals = Nodes.Concat(_retired).SelectMany(n => n.Sink.Ownership(now).Select(i => (Node: n.Name, i.From, i.To, i.Epoch))).ToList();
        foreach (var a in intervals)
        {
            foreach (var b in intervals.Where(b => b.Node != a.Node && a.From < b.To && b.From < a.To))
            {
                Assert.Fail($"{a.Node} (epoch {a.Epoch}) and {b.Node} (epoch {b.Epoch}) held the VIPs together for {Stopwatch.GetElapsedTime(Math.Max(a.From, b.From), Math.Min(a.To, b.To)).TotalMilliseconds:F1} ms");
            }
        }
        lock (_samples)
        {
            Assert.DoesNotContain(_samples, s => s.Owners > 1);
        }
        // A crashed director's kernel goes on answering for the VIPs until the last fence its holder set (a frozen one
        // alike: the others cannot tell them apart): nobody may claim before that deadline has passed.
        foreach (var (crashed, at) in _crashed)
        {
            var heldAtCrash = crashed.Sink.Ownership(at).Any(i => i.From <= at && i.To >= at);
            var until = crashed.Sink.Fences.Where(f => f.Until is not null).Select(f => f.Until!.Value).DefaultIfEmpty().Max();
            if (!heldAtCrash)
            {
                continue;
            }
            Assert.True(until > TimeSpan.Zero, $"{crashed.Name} held the VIPs when it crashed but never opened its kernel fence");
            var silentAt = (long)(until.Ticks * (Stopwatch.Frequency / (double)TimeSpan.TicksPerSecond));
            foreach (var other in Nodes.Concat(_retired).Where(n => n != crashed && ClaimedAfter(n, at) is not null))
            {
                var claimed = ClaimedAfter(other, at)!.Value;
                Assert.True(claimed > silentAt, $"{other.Name} claimed the VIPs {Stopwatch.GetElapsedTime(claimed, silentAt).TotalMilliseconds:F1} ms before the kernel fence of the crashed {crashed.Name} closed");
            }
        }
    }

    /// <summary>Each node as it sees the cluster: members and their status, the unreachable ones, whether it holds the VIPs.</summary>
    public string Describe() => string.Concat(Nodes.Select(n =>
        $"\n  {n} ({n.Address.Port}){(n.System.WhenTerminated.IsCompleted ? " stopped" : "")}{(n.Sink.Holds ? " holds" : "")}: "
        + string.Join(", ", n.Cluster.State.Members.Select(m => $"{m.Address.Port}:{m.Status}"))
        + " unreachable " + string.Join(", ", n.Cluster.State.Unreachable.Select(m => m.Address.Port))));

    /// <summary>When <paramref name="node"/> first claimed the VIPs after <paramref name="after"/>.</summary>
    public static long? ClaimedAfter(TestNode node, long after) =>
        node.Sink.Timeline.FirstOrDefault(e => e.Action == VipAction.Claimed && e.Timestamp > after)?.Timestamp;

    public static Task Until(Func<bool> condition, TimeSpan within, string what) => Until(condition, within, what, () => "");

    /// <summary>As above; on failure the message ends with <paramref name="state"/>, what each node saw at the time.</summary>
    public static async Task Until(Func<bool> condition, TimeSpan within, string what, Func<string> state)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(within.TotalSeconds * Stopwatch.Frequency);
        while (!condition())
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                Assert.Fail($"not reached within {within}: {what}{state()}");
            }
            await Task.Delay(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _sampler;
        await Task.WhenAll(Nodes.Select(n => n.System.Terminate()));
    }

    private async Task SampleAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            lock (_samples)
            {
                _samples.Add((Stopwatch.GetTimestamp(), Nodes.Count(n => n.Sink.Holds)));
            }
            try
            {
                await Task.Delay(10, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
