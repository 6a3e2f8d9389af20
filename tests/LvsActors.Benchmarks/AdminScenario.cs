using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using LvsActors.Configuration;
using LvsActors.Director;
using LvsActors.Director.Actors;
using LvsActors.Director.Admin;
using LvsActors.Director.Admin.Api;
using LvsActors.Director.DataPlanes;
using LvsActors.Director.Intent;
using LvsActors.Director.Notify;
using LvsActors.Model;

namespace LvsActors.Benchmarks;

/// <summary>
/// Timed scenarios of the admin journal on SQLite (a console run, not BenchmarkDotNet: each sample is a whole
/// HTTP request or a whole recovery). Prints the figures; deploy/BENCH-admin.md records them.
///   1. admin write latency: PUT weight through the HTTP API until the event is persisted, p50/p90/p99/max;
///      the same writes as direct Asks to the AdminState, to show what HTTP adds.
///   2. recovery time with 100,000 journal events, without a snapshot and with one (plus the 999 events a
///      snapshot-every of 1000 can leave after it), against an empty journal as the baseline.
/// </summary>
internal static class AdminScenario
{
    private const string Rs = "198.51.100.11:80";
    private const int Events = 100_000;

    public static async Task<int> RunAsync(string[] args)
    {
        var writes = args.Length > 0 ? int.Parse(args[0]) : 2000;
        var folder = Directory.CreateTempSubdirectory("lvs-admin-bench-").FullName;
        try
        {
            Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, SQLite journal in {folder}");
            await WriteLatency(Path.Combine(folder, "writes.db"), writes);
            await Recovery(Path.Combine(folder, "recovery.db"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
        return 0;
    }

    private static string ConfigText(string db, string extra = "") => $$"""
        lvs {
          data-plane = dry-run
          admin { journal { provider = sqlite, path = "{{db}}" }, api { bind = "127.0.0.1:0", token = bench }, {{extra}} }
          virtual-services.web {
            address = "192.0.2.100:80"
            real-servers = [ { address = "{{Rs}}", weight = 3 }, { address = "198.51.100.12:80", weight = 2 } ]
          }
        }
        """;

    private static DirectorHost StartHost(string text)
    {
        var loaded = LvsConfigLoader.Load(text, "bench.conf");
        if (!loaded.IsValid)
        {
            throw new InvalidOperationException(string.Join("; ", loaded.Errors));
        }
        var services = new DirectorServices((_, _) => throw new NotSupportedException(), new NoNotifier());
        return DirectorHost.Start(loaded.Value!, loaded.Document, new DryRunDataPlane(), services, LvsActors.Model.LogLevel.Warning);
    }

    private static async Task WriteLatency(string db, int writes)
    {
        await using var host = StartHost(ConfigText(db));
        await WaitReady(host.AdminState);
        await using var api = await AdminApi.StartAsync(new AdminApiOptions(host, "dry-run", null, null, Serilog.Core.Logger.None));
        using var http = new HttpClient { BaseAddress = api.Address };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "bench");
        var path = $"api/v1/services/web/real-servers/{Rs}/weight";

        // Alternating weights: every write changes the intent, so every write persists one event.
        var weight = 10;
        async Task Http() => (await http.PutAsJsonAsync(path, new { weight = weight++ % 2 == 0 ? 5 : 6 })).EnsureSuccessStatusCode();
        async Task Direct()
        {
            if (await host.AdminState.Ask<AdminWriteResult>(new OverrideWeight("web", Rs, weight++ % 2 == 0 ? 5 : 6, "bench"), TimeSpan.FromSeconds(10)) is not AdminWriteAccepted { Event: not null })
            {
                throw new InvalidOperationException("a write was not persisted");
            }
        }
        Report("HTTP PUT weight → persisted event", await Measure(Http, 200, writes));
        Report("Ask OverrideWeight → persisted event (no HTTP)", await Measure(Direct, 200, writes));
    }

    private static async Task<List<double>> Measure(Func<Task> write, int warmup, int count)
    {
        for (var i = 0; i < warmup; i++)
        {
            await write();
        }
        var samples = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await write();
            samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        return samples;
    }

    private static void Report(string what, List<double> ms)
    {
        ms.Sort();
        double P(double q) => ms[(int)Math.Min(ms.Count - 1, Math.Ceiling(q * ms.Count) - 1)];
        Console.WriteLine($"{what}: n={ms.Count} p50={P(0.50):0.00} ms p90={P(0.90):0.00} ms p99={P(0.99):0.00} ms max={ms[^1]:0.00} ms, {ms.Count / (ms.Sum() / 1000):0} writes/s sequential");
    }

    private static async Task Recovery(string db)
    {
        var config = ConfigurationFactory.ParseString("akka.loglevel = WARNING")
            .WithFallback(AdminSettings.Create(ConfigurationFactory.ParseString($"lvs.admin.journal.path = \"{db}\"")).PersistenceConfig())
            .WithFallback(DirectorSettings.Reference);
        var lvs = LvsConfigLoader.Load(ConfigText(db), "bench.conf").Value!;
        var fill = Stopwatch.StartNew();
        using (var system = ActorSystem.Create("fill", config))
        {
            await Fill(system, "plain", Events, snapshotAt: null);
            await Fill(system, "snapshot", Events + 999, snapshotAt: Events);
            await system.Terminate();
        }
        Console.WriteLine($"journal filled with {Events:N0} + {Events + 999:N0} events in {fill.Elapsed.TotalSeconds:0.0} s");
        foreach (var (id, label) in new[] { ("empty", "empty journal (baseline: plugin start, table check)"), ("plain", $"{Events:N0} events, no snapshot"),
                     ("snapshot", $"snapshot at {Events:N0} + 999 events") })
        {
            var times = new List<double>();
            for (var run = 0; run < 4; run++)
            {
                using var system = ActorSystem.Create("recover", config);
                var settings = AdminSettings.Create(config) with { PersistenceId = id, SnapshotEvery = 1000 };
                var start = Stopwatch.GetTimestamp();
                var admin = system.ActorOf(AdminStateHost.Props(lvs, settings, clustered: false));
                var state = await WaitReady(admin);
                times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                if (id != "empty" && state.Version < Events)
                {
                    throw new InvalidOperationException($"{id} recovered only to version {state.Version}");
                }
                await system.Terminate();
            }
            // The first run in a fresh process pays JIT and connection set-up; the median of the rest is the figure.
            var warm = times.Skip(1).Order().ToList();
            Console.WriteLine($"recovery, {label}: median {warm[warm.Count / 2]:0} ms (runs: {string.Join(", ", times.Select(t => t.ToString("0")))} ms)");
        }
    }

    private static async Task Fill(ActorSystem system, string id, int events, int? snapshotAt)
    {
        var done = new TaskCompletionSource();
        system.ActorOf(Props.Create(() => new JournalFiller(id, events, snapshotAt, done)));
        await done.Task;
    }

    private static async Task<AdminStateChanged> WaitReady(IActorRef admin)
    {
        while (true)
        {
            if (await admin.Ask<object>(GetAdminIntent.Instance, TimeSpan.FromSeconds(120)) is AdminStateChanged state)
            {
                return state;
            }
            await Task.Delay(1);
        }
    }

    /// <summary>Writes the events the AdminState would have written (weight overrides), in batches of 1,000.</summary>
    private sealed class JournalFiller : ReceivePersistentActor
    {
        public JournalFiller(string id, int events, int? snapshotAt, TaskCompletionSource done)
        {
            PersistenceId = id;
            var intent = AdminIntent.Empty;
            var written = 0;
            var snapshotSaved = snapshotAt is null;
            Command<string>(_ =>
            {
                var batch = Enumerable.Range(written, Math.Min(1000, events - written))
                    .Select(i => (IAdminEvent)new WeightOverridden("web", Rs, i % 100, "bench", DateTimeOffset.UtcNow)).ToList();
                PersistAll(batch, e =>
                {
                    intent = intent.Apply(e);
                    if (++written == snapshotAt)
                    {
                        SaveSnapshot(intent);
                    }
                    if (written == events && snapshotSaved)
                    {
                        done.SetResult();
                    }
                    else if (written % 1000 == 0)
                    {
                        Self.Tell("next");
                    }
                });
            });
            Command<SaveSnapshotSuccess>(_ =>
            {
                snapshotSaved = true;
                if (written == events)
                {
                    done.SetResult();
                }
            });
        }

        public override string PersistenceId { get; }

        protected override void PreStart() => Self.Tell("next");
    }

    private sealed class NoNotifier : INotifier
    {
        public void Run(NotifyCommand command, IReadOnlyDictionary<string, string> environment)
        {
        }
    }
}
