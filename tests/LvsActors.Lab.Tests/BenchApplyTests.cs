using System.Globalization;
using System.Text;
using Xunit;
using Xunit.Abstractions;

namespace LvsActors.Lab.Tests;

/// <summary>
/// The apply benchmark (scenario bench-apply): 1,000 services × 10 real servers into an empty kernel table with
/// <c>lvsactors apply</c>, with <c>ipvsadm -R</c> and by keepalived's start-up, in the same boot, and the re-apply
/// of the unchanged table.
/// Records medians and spread (test output and bench-summary.txt in the result folder) but asserts only that
/// every programmed table is the configured one and that a re-apply writes nothing; timing is never asserted.
/// The programs are the ones that ship, since start-up and the configuration loader's first run are most of an apply's
/// time: lvsactors-native (<see cref="PublishedNative"/>: compiled ahead of time, what /usr/sbin/lvsactors runs) for
/// the figure, and the full lvsactors (<see cref="PublishedDirector"/>: Release, ReadyToRun) beside it (apply-full).
/// </summary>
[Collection(LabCollection.Name)]
public sealed class BenchApplyTests(ITestOutputHelper output)
{
    // One run in the test command (what it proves is the tables and the re-apply); the benchmark command
    // (deploy/bench/run.sh --lab) asks for five with LVSACTORS_BENCH_APPLY_RUNS, for the figure.
    private static readonly int Runs = int.TryParse(Environment.GetEnvironmentVariable("LVSACTORS_BENCH_APPLY_RUNS"), NumberStyles.None, CultureInfo.InvariantCulture, out var runs) && runs > 0 ? runs : 1;

    [Fact]
    public async Task Apply_ipvsadm_restore_and_keepalived_program_the_same_thousand_services_and_reapply_writes_nothing()
    {
        var options = new LabOptions
        {
            Output = output.WriteLine,
            TimeLimit = TimeSpan.FromMinutes(8),
            Environment = new Dictionary<string, string>
            {
                ["LAB_LVSACTORS"] = await PublishedNative.PathAsync(),
                ["LAB_LVSACTORS_FULL"] = await PublishedDirector.AssemblyAsync(),
                ["LAB_BENCH_SERVICES"] = "1000",
                ["LAB_BENCH_REALS"] = "10",
                ["LAB_BENCH_RUNS"] = Runs.ToString(CultureInfo.InvariantCulture),
            },
        };

        var run = await LabRunner.Locate().RunAsync("bench-apply", options);

        Assert.True(run.Succeeded, run.Describe());
        Assert.Equal("11000 changes: services 1000 added, 0 edited, 0 removed; real servers 10000 added, 0 edited, 0 removed",
            run.ReadLines("apply.txt")[^1]);
        Assert.Equal(["no changes"], run.ReadLines("reapply.txt"));
        Assert.Equal(run.ReadLines("apply.txt"), run.ReadLines("apply-full.txt"));
        Assert.Equal(11000, run.ReadLines("bench.rules").Count);

        var lines = run.ReadLines("bench.txt").Select(line => line.Split(' ')).Where(parts => parts.Length == 3).ToList();
        var timings = lines
            .GroupBy(parts => parts[0], parts => double.Parse(parts[2], CultureInfo.InvariantCulture))
            .ToDictionary(g => g.Key, g => g.ToList());
        foreach (var what in new[] { "startup", "keepalived", "ipvsadm-R", "apply", "reapply", "startup-full", "apply-full", "save" })
        {
            Assert.Equal(Runs, timings[what].Count);
        }

        var summary = Summarize(timings) + Breakdown(run.ReadLines("apply-log.txt"));
        File.WriteAllText(Path.Combine(run.ResultDirectory, "bench-summary.txt"), summary);
        output.WriteLine(summary);
    }

    // Timings in run order; the ratios pair each run's apply with the peer measured just before it, which the load
    // of a shared machine shifts less than it shifts the medians.
    private static string Summarize(Dictionary<string, List<double>> timings)
    {
        var text = new StringBuilder("1,000 services × 10 real servers into an empty table; seconds over ")
            .Append(Runs).Append(" runs (median, min–max)\n");
        foreach (var (what, values) in timings)
        {
            var sorted = values.Order().ToList();
            text.Append(CultureInfo.InvariantCulture, $"{what,-10} median {Median(sorted),6:F2}  spread {sorted[0]:F2}–{sorted[^1]:F2}\n");
        }
        foreach (var (ours, peer) in new[] { ("apply", "ipvsadm-R"), ("apply", "keepalived"), ("apply-full", "keepalived") })
        {
            var ratios = timings[ours].Zip(timings[peer], (a, p) => a / p).Order().ToList();
            text.Append(CultureInfo.InvariantCulture,
                $"{ours} / {peer}: medians {Median(timings[ours].Order().ToList()) / Median(timings[peer].Order().ToList()):F2}, "
                + $"per run median {Median(ratios):F2} (min–max {ratios[0]:F2}–{ratios[^1]:F2})\n");
        }
        return text.ToString();
    }

    // apply --log-level debug says, per run, "Loaded … in L ms; read the kernel table in R ms, diffed in D ms,
    // wrote N changes in W ms": where the time of the applies into the empty table went.
    private static string Breakdown(IReadOnlyList<string> log)
    {
        var phases = log
            .Select(line => System.Text.RegularExpressions.Regex.Match(line,
                @"in (\d+) ms; read the kernel table in (\d+) ms, diffed in (\d+) ms, wrote 11000 changes in (\d+) ms"))
            .Where(m => m.Success)
            .Select(m => Enumerable.Range(1, 4).Select(i => double.Parse(m.Groups[i].Value, CultureInfo.InvariantCulture) / 1000).ToArray())
            .ToList();
        var text = new StringBuilder("apply into the empty table, inside the process (median, min–max):\n");
        string[] names = ["load config", "read kernel", "diff", "write"];
        for (var i = 0; i < names.Length; i++)
        {
            var values = phases.Select(p => p[i]).Order().ToList();
            text.Append(CultureInfo.InvariantCulture, $"{names[i],-12} median {Median(values),6:F2}  spread {values[0]:F2}–{values[^1]:F2}\n");
        }
        return text.ToString();
    }

    private static double Median(List<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}
