using LvsActors.Director;
using LvsActors.Director.Actors;
using LvsActors.Director.Checks;
using LvsActors.Director.DataPlanes;
using LvsActors.Director.Notify;
using LvsActors.Model;

namespace LvsActors.Benchmarks.Scenarios;

/// <summary>
/// Where a director's resident memory goes, step by step, in one process: the .NET runtime alone, then a director on
/// the dry-run data plane with no real servers (the actor system, its configuration, logging), then with SERVERS real
/// servers TCP-checked every second against a closed loopback port (their actors and checks). Each step is measured
/// after a full collection and a settling pause: RSS and the GC heap. Tells the floor the runtime and Akka set from
/// what each real server costs. Arguments: SERVERS [SETTLE-SECONDS=5]. Prints one line per step.
/// </summary>
internal static class MemoryFloor
{
    public static async Task<int> RunAsync(string[] args)
    {
        var servers = int.Parse(args[0]);
        var settle = TimeSpan.FromSeconds(args.Length > 1 ? double.Parse(args[1]) : 5);
        await Report("runtime alone", settle);
        await using (var empty = Start(0))
        {
            await Report("director, no real servers", settle);
        }
        await using (var full = Start(servers))
        {
            await Report($"director, {servers} real servers TCP-checked every 1s", settle);
        }
        return 0;
    }

    private static DirectorHost Start(int servers)
    {
        // A closed port: every probe is refused at once, which costs the checks what an up real server costs.
        var port = LoopbackPort.Free();
        var text = new System.Text.StringBuilder("lvs.virtual-services.bench {\n address = \"127.0.0.1:1\"\n scheduler = rr\n delay-loop = 1s\n real-servers = [\n");
        foreach (var (address, _) in DirectorChecks.RealServers(servers, port, 1))
        {
            text.Append($"  {{ address = \"{address}:{port}\", checks = [ {{ type = tcp }} ] }}\n");
        }
        var result = Configuration.LvsConfigLoader.Load(text.Append(" ]\n}\n").ToString(), "floor.conf");
        if (!result.IsValid)
        {
            throw new InvalidOperationException(string.Join("\n", result.Errors.Take(5)));
        }
        var log = Serilog.Core.Logger.None;
        var services = new DirectorServices(HealthCheckers.Create, new ProcessNotifier(TimeSpan.FromSeconds(10), log));
        return DirectorHost.Start(result.Value!, result.Document, new DryRunDataPlane(), services, LogLevel.Warning);
    }

    private static async Task Report(string step, TimeSpan settle)
    {
        await Task.Delay(settle);
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        await Task.Delay(TimeSpan.FromSeconds(1));
        var status = File.ReadAllLines("/proc/self/status");
        double Kib(string key) => double.Parse(status.First(l => l.StartsWith(key + ":", StringComparison.Ordinal)).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[1]);
        Console.WriteLine($"{step,-50} RSS {Kib("VmRSS") / 1024,7:F1} MiB (anonymous {Kib("RssAnon") / 1024,6:F1}, files {Kib("RssFile") / 1024,6:F1})  "
            + $"GC heap {GC.GetGCMemoryInfo().HeapSizeBytes / 1048576.0,6:F1} MiB  threads {Kib("Threads"),3:F0}");
    }
}
