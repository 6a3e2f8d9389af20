using LvsActors.Configuration;
using LvsActors.Configuration.Hocon;

namespace LvsActors.Benchmarks.Scenarios;

/// <summary>
/// Bytes allocated by the HOCON parse alone and by parse + validate of ConfigValidationBenchmarks' large table
/// (SERVICES × 10 real servers), each after one warm-up run; a quick, exact figure where BenchmarkDotNet's would take
/// minutes. Arguments: [SERVICES=1000] [--by-type] (where parse + validate allocates, sampled by the runtime)
/// [--parse] (by type for the parse alone).
/// </summary>
internal static class ConfigAllocations
{
    public static int Run(string[] args)
    {
        var services = args.Length > 0 ? int.Parse(args[0]) : 1000;
        var text = ConfigValidationBenchmarks.LargeConfig(services, 10);
        Console.WriteLine($"text: {text.Length * 2 / 1e6:F1} MB as a string");
        Console.WriteLine($"parse: {Allocated(() => HoconDocument.Parse(text, "large.conf")) / 1e6:F1} MB");
        Console.WriteLine($"parse + validate: {Allocated(() => LvsConfigLoader.Load(text, "large.conf")) / 1e6:F1} MB");
        if (args.Contains("--by-type"))
        {
            // The runtime's allocation ticks (one per ~100 KB allocated) of a parse + validate, by type and stack-less.
            using var ticks = new AllocationTicks();
            if (args.Contains("--parse"))
            {
                HoconDocument.Parse(text, "large.conf");
            }
            else
            {
                LvsConfigLoader.Load(text, "large.conf");
            }
            foreach (var (type, count) in ticks.ByType.OrderByDescending(t => t.Value).Take(25))
            {
                Console.WriteLine($"{count * 100 / 1e3,8:F1} MB  {type}");
            }
        }
        return 0;
    }

    private sealed class AllocationTicks : System.Diagnostics.Tracing.EventListener
    {
        public Dictionary<string, int> ByType { get; } = [];

        protected override void OnEventSourceCreated(System.Diagnostics.Tracing.EventSource source)
        {
            if (source.Name == "Microsoft-Windows-DotNETRuntime")
            {
                // 0x1: the GC keyword; AllocationTick is verbose.
                EnableEvents(source, System.Diagnostics.Tracing.EventLevel.Verbose, (System.Diagnostics.Tracing.EventKeywords)0x1);
            }
        }

        protected override void OnEventWritten(System.Diagnostics.Tracing.EventWrittenEventArgs e)
        {
            if (e.EventName == "GCAllocationTick_V4" && e.PayloadNames is { } names)
            {
                var type = (string?)e.Payload![names.IndexOf("TypeName")] ?? "?";
                lock (ByType)
                {
                    ByType[type] = ByType.GetValueOrDefault(type) + 1;
                }
            }
        }
    }

    private static long Allocated(Func<object> run)
    {
        run();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        GC.KeepAlive(run());
        return GC.GetTotalAllocatedBytes(precise: true) - before;
    }
}
