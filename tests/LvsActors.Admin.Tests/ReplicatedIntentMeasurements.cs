using System.Diagnostics;
using Akka.Cluster;
using LvsActors.Director;
using LvsActors.Director.DataPlanes;
using LvsActors.Director.Intent;
using Xunit.Abstractions;
using static LvsActors.Admin.Tests.TestDirector;

namespace LvsActors.Admin.Tests;

/// <summary>
/// Figures for the design note, printed, not asserted (the machine is shared): the latency of a replicated drain on a
/// three-director loopback cluster, and how long a director holding 10,000 intents takes to recover them at start.
/// What is asserted is that every write was acknowledged and every intent recovered.
/// </summary>
public sealed class ReplicatedIntentMeasurements(ITestOutputHelper output) : IAsyncLifetime
{
    private const string ClusterAkka = """
        actor.provider = cluster
        remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
        cluster { roles = [director], run-coordinated-shutdown-when-down = off }
        coordinated-shutdown.run-by-actor-system-terminate = off
        """;

    private readonly ScratchFolder _scratch = new();
    private readonly List<DirectorHost> _hosts = [];

    public Task InitializeAsync() => Task.CompletedTask;

    private string TextOf(int i) => Text(
        Sqlite(_scratch.File($"d{i}/admin.db")), $"replication.dir = \"{_scratch.File($"d{i}/intent")}\"", ClusterAkka) + "\nlvs.fencing.expected-voters = 3\nlvs.cluster.tls.insecure = on\n";

    [Fact]
    public async Task Drain_and_restore_latency_on_three_directors()
    {
        for (var i = 0; i < 3; i++)
        {
            _hosts.Add(Start(TextOf(i), new DryRunDataPlane()));
        }
        var seed = Cluster.Get(_hosts[0].System).SelfAddress;
        _hosts.ForEach(h => Cluster.Get(h.System).Join(seed));
        await Eventually(() => _hosts.All(h => Cluster.Get(h.System).State.Members.Count(m => m.Status == MemberStatus.Up) == 3), "three members up", 30);
        await Ready(_hosts[1].AdminState);

        var samples = new List<double>();
        for (var n = 0; n < 200; n++)
        {
            IAdminCommand command = n % 2 == 0 ? new DrainRealServer(Service, Rs1, TimeSpan.FromHours(1), "bench") : new RestoreRealServer(Service, Rs1, "bench");
            var watch = Stopwatch.StartNew();
            var result = await Send(_hosts[1].AdminState, command);
            samples.Add(watch.Elapsed.TotalMilliseconds);
            Assert.IsType<AdminWriteAccepted>(result);
        }
        samples.Sort();
        output.WriteLine($"replicated write (majority of 3, loopback), {samples.Count} writes: p50 {samples[samples.Count / 2]:0.00} ms, p99 {samples[(int)(samples.Count * 0.99)]:0.00} ms, max {samples[^1]:0.00} ms");
    }

    [Fact]
    public async Task Recovery_of_10000_intents()
    {
        var text = TextOf(0);
        var first = Start(text, new DryRunDataPlane());
        Cluster.Get(first.System).Join(Cluster.Get(first.System).SelfAddress);
        await Ready(first.AdminState);
        await IntentSeed.WriteAsync(first.System, 10_000);
        await first.System.Terminate();

        var watch = Stopwatch.StartNew();
        var second = Start(text, new DryRunDataPlane());
        _hosts.Add(second);
        var state = await Ready(second.AdminState);
        var elapsed = watch.Elapsed;
        Assert.Equal(10_000, state.Intent.Services.Values.Sum(s => s.RealServers.Count));
        output.WriteLine($"recovery of 10,000 intents from the local store (actor system start to intent answered): {elapsed.TotalMilliseconds:0} ms; intent.db {new FileInfo(_scratch.File("d0/intent/intent.db")).Length / 1024} KiB");
    }

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.System.Terminate();
        }
        _scratch.Dispose();
    }
}
