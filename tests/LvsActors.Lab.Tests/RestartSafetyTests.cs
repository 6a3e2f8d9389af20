using System.Globalization;
using Xunit;
using Xunit.Abstractions;

namespace LvsActors.Lab.Tests;

/// <summary>
/// Restart safety on the real kernel (issue 15; deploy/lab/scenarios/restart-safety.sh): 2,000 services × 4 real
/// servers programmed by <c>lvsactors apply</c>; the published director started over that table, restarted 5 times
/// (SIGTERM, start), reloaded 5 times with the file unchanged, once with one real server's weight changed and once
/// with the real servers of an mh service (vs-order, beside the 2,000) in the other order, while the kernel table is
/// sampled every 0.1 s and 16 long-lived connections through services spread over the table (one through vs-order)
/// echo every 200 ms. Asserts: no service or destination ever missing from a sample, no connection broken, no write
/// at a start or an unchanged reload, exactly the one weight edit at the changed reload, the reordered mh service
/// listed by the kernel as a director filling it empty lists it (the reverse of the file: mh builds its table walking
/// that list) by moving all but one of its real servers, and the final table is the last configuration's. The figures (writes, removals, fewest services seen, time to "Director started") are
/// printed and left in results.txt.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class RestartSafetyTests(ITestOutputHelper output)
{
    private const int Services = 2000;
    private const int Reals = 4;
    private const int Connections = 16;
    private const int Restarts = 5;
    private const int Reloads = 5;

    [Fact]
    public async Task Restarts_and_reloads_over_a_programmed_table_remove_nothing_and_write_only_what_changed()
    {
        var director = await PublishedDirector.AssemblyAsync();
        var options = new LabOptions
        {
            Output = output.WriteLine,
            Memory = "1536M",
            TimeLimit = TimeSpan.FromMinutes(20),
            Environment = new Dictionary<string, string>
            {
                ["LAB_DIRECTOR"] = director,
                ["LAB_SERVICES"] = Services.ToString(CultureInfo.InvariantCulture),
                ["LAB_REALS"] = Reals.ToString(CultureInfo.InvariantCulture),
                ["LAB_CONNECTIONS"] = Connections.ToString(CultureInfo.InvariantCulture),
                ["LAB_RESTARTS"] = Restarts.ToString(CultureInfo.InvariantCulture),
                ["LAB_RELOADS"] = Reloads.ToString(CultureInfo.InvariantCulture),
            },
        };

        var run = await LabRunner.Locate().RunAsync("restart-safety", options);

        Assert.True(run.Succeeded, run.Describe());
        var results = run.ReadLines("results.txt");
        foreach (var line in results)
        {
            output.WriteLine(line);
        }
        // The 2,000 services and vs-order.
        const int All = Services + 1;
        Assert.Equal($"{All + All * Reals} changes: services {All} added, 0 edited, 0 removed; real servers {All * Reals} added, 0 edited, 0 removed",
            run.ReadLines("apply.txt")[^1]);

        var phases = results.Where(l => l.StartsWith("phase ", StringComparison.Ordinal)).Select(Fields).ToDictionary(f => f["phase"]);
        var changes = results.Where(l => l.StartsWith("change ", StringComparison.Ordinal)).Select(l => l.Split(' ', 3)).ToList();
        var unchanged = new[] { "start0" }
            .Concat(Enumerable.Range(1, Restarts).Select(r => $"restart{r}"))
            .Concat(Enumerable.Range(1, Reloads).Select(r => $"reload{r}"))
            .Append("end")
            .ToList();
        var failures = new List<string>();
        foreach (var name in unchanged.Append("reload-changed"))
        {
            if (!phases.TryGetValue(name, out var phase))
            {
                failures.Add($"{name}: no results (the scenario did not reach it)");
                continue;
            }
            if (phase["samples"] == "0")
            {
                failures.Add($"{name}: the table was never sampled");
            }
            if (phase["removals"] != "0")
            {
                failures.Add($"{name}: {phase["removals"]} services or destinations went missing (services seen: at least {phase["min_services"]} of {Services}; "
                    + $"destinations: at least {phase["min_destinations"]} of {Services * Reals}; {phase["missing_services"]} services missing at some sample, such as {phase["missing_example"]})");
            }
            if (unchanged.Contains(name) && phase["writes"] != "0")
            {
                failures.Add($"{name}: the director wrote {phase["writes"]} changes where nothing changed: "
                    + Abbreviate(string.Join(" | ", changes.Where(c => c[1] == name).Select(c => c[2]))));
            }
        }
        // Service 1007 (Services / 2 + 7): VIP 192.0.2.111, port 8007; its second real server goes from weight 2 to 7.
        const string Edit = "edit 198.51.100.12:9000 in 192.0.2.111:8007/TCP weight 7";
        var edits = changes.Where(c => c[1] == "reload-changed").Select(c => c[2]).ToList();
        if (phases.TryGetValue("reload-changed", out var changedPhase) && (changedPhase["writes"] != "1" || edits is not [Edit]))
        {
            failures.Add($"reload-changed: expected the one write \"{Edit}\", the director wrote {changedPhase["writes"]}: {Abbreviate(string.Join(" | ", edits))}");
        }
        // vs-order: 198.51.100.11-14 in the file, then 14-11. Each move to the head is a removal and an addition; 14,
        // listed on top before, ends at the bottom by staying where it is.
        string Listed(IEnumerable<int> hosts) => string.Join(',', hosts.Select(h => $"198.51.100.{h}:9000"));
        var order = results.Where(l => l.StartsWith("order ", StringComparison.Ordinal)).ToList();
        if (!order.SequenceEqual([$"order before={Listed([14, 13, 12, 11])}", $"order after={Listed([11, 12, 13, 14])}"]))
        {
            failures.Add($"vs-order, the kernel's list before and after the reordered reload: {string.Join(" | ", order)}; expected 14..11, then 11..14");
        }
        var moves = changes.Where(c => c[1] == "reload-reordered").SelectMany(c => c[2].Split("; ")).ToList();
        if (moves.Count != 2 * (Reals - 1) || moves.Any(m => !m.Contains("192.0.2.101:8100/TCP", StringComparison.Ordinal)) || moves.Any(m => m.Contains("198.51.100.14:", StringComparison.Ordinal)))
        {
            failures.Add($"reload-reordered: expected {Reals - 1} moves (a removal and an addition each) of vs-order's real servers other than 198.51.100.14, the director wrote: {Abbreviate(string.Join(" | ", moves))}");
        }
        var held = Fields(results.Single(l => l.StartsWith("connections ", StringComparison.Ordinal)));
        if (held["held"] != Connections.ToString(CultureInfo.InvariantCulture) || held["broken"] != "0")
        {
            failures.Add($"long-lived connections: {held["held"]} of {Connections} held to the end, {held["broken"]} broken");
        }
        if (!results.Contains("final table=expected"))
        {
            failures.Add("the kernel table at the end differs from the changed configuration's (expected.rules, final.rules)");
        }
        Assert.True(failures.Count == 0, $"{failures.Count} failures (results in {run.ResultDirectory}):\n" + string.Join('\n', failures));
    }

    // "phase NAME k=v …" / "connections k=v …": the first word names the line, its second the row.
    private static Dictionary<string, string> Fields(string line)
    {
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var fields = words.Skip(1).Where(w => w.Contains('=')).Select(w => w.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        fields[words[0]] = words[1];
        return fields;
    }

    private static string Abbreviate(string text) => text.Length <= 400 ? text : text[..400] + "…";
}
