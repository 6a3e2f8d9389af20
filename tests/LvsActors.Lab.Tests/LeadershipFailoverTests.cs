using System.Globalization;
using Xunit;
using Xunit.Abstractions;

namespace LvsActors.Lab.Tests;

/// <summary>
/// Director failover on the real kernel (deploy/lab/scenarios/leadership-failover.sh in deploy/lab/boot-cluster.sh):
/// three published directors, each in its own UML guest (its own kernel, IPVS table, sync daemon and CPU), in front
/// of two DR real servers; a client with a new request every 20 ms and eight long-lived connections; the owner killed,
/// cut off, a follower cut off, the owner stopped gracefully, blips of 1 s and 5 s while two of three are up (the
/// livelock of issue 17: nobody may exit, the pair heals); the kills again with the directors restarted without TLS
/// (issue 19 asks for the failover figure with and without it from the same run); the same kills with keepalived
/// (VRRP) as the peer.
/// Asserts what must never happen: two owners at once, a lost long-lived connection, ownership moving when a follower
/// is cut off, a run without a new owner. The times are figures for the closing notes and the README (printed here and
/// left in results.txt), not assertions.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class LeadershipFailoverTests(ITestOutputHelper output)
{
    // Five runs of each kind, as the figures need; a run takes 20-30 s (each ends with a director started afresh).
    private const int Runs = 5;

    [Fact]
    public async Task Failover_never_gives_two_owners_and_keeps_long_lived_connections()
    {
        var director = await PublishedDirector.AssemblyAsync();
        // The directors talk mutual TLS, as every cluster example does: one CA and a pair per director for this run.
        // In /var/tmp: the guests see the host's files through hostfs, but each mounts a tmpfs of its own on /tmp.
        var tls = Path.Combine("/var/tmp", $"lvsactors-lab-tls-{Guid.NewGuid():N}");
        var certs = Lvsactors.Invoke("cluster-certs", "--out", tls, "192.0.2.11", "192.0.2.12", "192.0.2.13");
        Assert.True(certs.ExitCode == 0, $"cluster-certs failed ({certs.ExitCode}): {certs.Stderr}");
        var options = new LabOptions
        {
            Output = output.WriteLine,
            DirectorGuests = 3,
            TimeLimit = TimeSpan.FromMinutes(35),
            Environment = new Dictionary<string, string>
            {
                ["LAB_DIRECTOR"] = director,
                ["LAB_RUNS"] = Runs.ToString(CultureInfo.InvariantCulture),
                ["LAB_CLUSTER_TLS"] = tls,
            },
        };

        LabRun run;
        try
        {
            run = await LabRunner.Locate().RunAsync("leadership-failover", options);
        }
        finally
        {
            Directory.Delete(tls, recursive: true);
        }

        Assert.True(run.Succeeded, run.Describe());
        var rows = run.ReadLines("results.txt").Where(l => l.StartsWith("run ", StringComparison.Ordinal)).Select(Parse).ToList();
        foreach (var line in run.ReadLines("results.txt").Where(l => l.StartsWith("summary ", StringComparison.Ordinal)))
        {
            output.WriteLine(line);
        }
        foreach (var (kind, expected) in new[] { ("kill", Runs), ("partition", Runs), ("follower", 1), ("leave", Runs), ("freeze2", 1), ("freeze10", 1), ("blip1", 1), ("blip5", 1), ("insecure-kill", Runs), ("keepalived-kill", Runs) })
        {
            Assert.Equal(expected, rows.Count(r => r["kind"] == kind));
        }
        output.WriteLine($"kill -> answer with TLS: {AnswerFigure(rows, "kill")}; without TLS: {AnswerFigure(rows, "insecure-kill")}");
        foreach (var row in rows.Where(r => r["kind"].StartsWith("freeze", StringComparison.Ordinal)))
        {
            // A frozen owner runs no timer: until slice 3 of issue 17 (the takeover waits for the old lease to lapse)
            // the kernel's VIP lifetime is the bound. Its VIP must leave by itself (never a permanent VIP): within
            // vip-lifetime (2 s) + 1 s of expiry rounding after the last renewal, at most 500 ms before the freeze.
            var what = $"{row["kind"]} run {row["n"]} ({row["victim"]})";
            Assert.True(row["release_ms"] != "-", $"{what}: the frozen owner's kernel kept the VIP");
            Assert.True(int.Parse(row["release_ms"], CultureInfo.InvariantCulture) <= 3500, $"{what}: the VIP left the frozen owner's kernel after {row["release_ms"]} ms");
            Assert.True(row["claim_ms"] != "-", $"{what}: no other director took the VIP");
            Assert.True(row["lost"] == "0", $"{what}: {row["lost"]} long-lived connections lost");
        }
        foreach (var row in rows.Where(r => r["kind"] != "keepalived-kill" && !r["kind"].StartsWith("freeze", StringComparison.Ordinal)))
        {
            var what = $"{row["kind"]} run {row["n"]} ({row["victim"]})";
            Assert.True(row["owners_max"] == "1", $"{what}: {row["owners_max"]} VIP owners at once");
            Assert.True(row["overlap_ms"] == "0", $"{what}: two owners for {row["overlap_ms"]} ms");
            Assert.True(row["lost"] == "0", $"{what}: {row["lost"]} long-lived connections lost");
            if (row["kind"] == "follower")
            {
                Assert.True(row["claim_ms"] == "-", $"{what}: the VIP moved although only a follower was cut off");
            }
            else if (row["kind"].StartsWith("blip", StringComparison.Ordinal))
            {
                // Neither half of a pair is a majority of three: the VIP may come back to either, after the blip; that
                // nobody exited and the pair healed the scenario checks itself (it fails the run otherwise).
                Assert.True(row["answer_ms"] != "-", $"{what}: the client got no answer after the blip healed");
            }
            else
            {
                Assert.True(row["claim_ms"] != "-", $"{what}: no other director took the VIP");
                Assert.True(row["answer_ms"] != "-", $"{what}: the client got no answer after the failover");
            }
        }
    }

    // "median 2780 ms (2510-3120), 5 runs": a figure for the closing note, never an assertion.
    private static string AnswerFigure(List<Dictionary<string, string>> rows, string kind)
    {
        var times = rows.Where(r => r["kind"] == kind && r["answer_ms"] != "-").Select(r => int.Parse(r["answer_ms"], CultureInfo.InvariantCulture)).Order().ToList();
        if (times.Count == 0)
        {
            return "no answered run";
        }
        var median = times.Count % 2 == 1 ? times[times.Count / 2] : (times[times.Count / 2 - 1] + times[times.Count / 2]) / 2.0;
        return string.Create(CultureInfo.InvariantCulture, $"median {median} ms ({times[0]}-{times[^1]}), {times.Count} runs");
    }

    private static Dictionary<string, string> Parse(string line) =>
        line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
}
