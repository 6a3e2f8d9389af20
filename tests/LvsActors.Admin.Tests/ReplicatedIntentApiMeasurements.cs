using System.Diagnostics;
using System.Net;
using Akka.Cluster;
using LvsActors.Director.DataPlanes;
using Xunit.Abstractions;
using static LvsActors.Admin.Tests.TestDirector;

namespace LvsActors.Admin.Tests;

/// <summary>
/// Figures for the design note as an operator meets them, printed, not asserted (the machine is shared): drain and
/// restore through the HTTP API of one of three <c>lvsactors run</c> processes, and how long a director process holding
/// 10,000 intents takes from its start to the intent loaded. What is asserted is that every write was accepted and
/// every intent recovered. <see cref="ReplicatedIntentMeasurements"/> has the same figures in-process.
/// </summary>
public sealed class ReplicatedIntentApiMeasurements(ITestOutputHelper output) : IDisposable
{
    private const string Loaded = "Admin state loaded from the replicated intent at version";
    private const string DryRunWeb = """
        data-plane = dry-run
        virtual-services.web {
          address = "192.0.2.100:80"
          scheduler = rr
          real-servers = [ { address = "198.51.100.11:80" }, { address = "198.51.100.12:80" } ]
        }
        """;

    private readonly LoopbackDirectors _directors = new(_ => DryRunWeb);
    private readonly ScratchFolder _scratch = new();

    [Fact]
    public async Task Drain_and_restore_latency_through_the_api_of_three_director_processes()
    {
        for (var i = 0; i < 3; i++)
        {
            _directors.Start(i);
        }
        for (var i = 0; i < 3; i++)
        {
            _directors[i].WaitFor(Loaded, 120);
        }
        using var two = _directors.Client(1);
        const string server = "api/v1/services/web/real-servers/198.51.100.11:80/";
        await Eventually(() => two.PostAsync(server + "drain", null).Result.StatusCode == HttpStatusCode.OK, "the first drain accepted (the cluster formed)", 90);

        // The first writes after the cluster formed warm up the API, the replicator and the stores; they are not counted.
        const int warmUp = 11, counted = 200;
        var samples = new List<double>();
        for (var n = 0; n < warmUp + counted; n++)
        {
            var path = server + (n % 2 == 0 ? "restore" : "drain");
            var watch = Stopwatch.StartNew();
            using var answer = await two.PostAsync(path, null);
            var elapsed = watch.Elapsed.TotalMilliseconds;
            Assert.True(answer.StatusCode == HttpStatusCode.OK, $"write {n} ({path}): {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
            if (n >= warmUp)
            {
                samples.Add(elapsed);
            }
        }
        samples.Sort();
        output.WriteLine($"drain/restore through the admin API of director 2 of 3 processes (majority write, loopback), {samples.Count} writes: "
            + $"p50 {samples[samples.Count / 2]:0.0} ms, p99 {samples[(int)(samples.Count * 0.99)]:0.0} ms, max {samples[^1]:0.0} ms; loadavg {LoadAverage()}");
    }

    [Fact]
    public async Task A_director_process_holding_10000_intents_starts_with_them()
    {
        // The fixed cost first: the same start with an empty intent store.
        var empty = _directors.Start(1);
        empty.WaitFor(Loaded, 120);
        var emptyLoaded = empty.ArrivalOf(Loaded)!.Value;
        _directors.Kill(1);

        await using (var seeding = Start(Text(Sqlite(_scratch.File("seed.db")), $"replication.dir = \"{_directors.IntentDir(0)}\"", """
            actor.provider = cluster
            remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
            cluster.roles = [director]
            """) + "\nlvs.cluster.tls.insecure = on\n", new DryRunDataPlane()))
        {
            Cluster.Get(seeding.System).Join(Cluster.Get(seeding.System).SelfAddress);
            await Ready(seeding.AdminState);
            await IntentSeed.WriteAsync(seeding.System, 10_000);
        }

        var full = _directors.Start(0);
        var line = full.WaitFor(Loaded, 120);
        Assert.Contains("100 virtual services with operator intent", line);
        var starting = full.ArrivalOf("Director starting with")!.Value;
        var loaded = full.ArrivalOf(Loaded)!.Value;
        full.WaitFor("Director started:", 60);
        var started = full.ArrivalOf("Director started:")!.Value;
        output.WriteLine($"lvsactors run holding 10,000 intents: process start to \"Director starting\" {starting.TotalMilliseconds:0} ms, to intent loaded "
            + $"{loaded.TotalMilliseconds:0} ms (empty store: {emptyLoaded.TotalMilliseconds:0} ms), to services started {started.TotalMilliseconds:0} ms; "
            + $"intent.db {new FileInfo(Path.Combine(_directors.IntentDir(0), "intent.db")).Length / 1024} KiB; loadavg {LoadAverage()}");
    }

    private static string LoadAverage() => File.ReadAllText("/proc/loadavg").Trim();

    public void Dispose()
    {
        _directors.Dispose();
        _scratch.Dispose();
    }
}
