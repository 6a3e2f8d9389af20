using System.Globalization;
using Xunit;
using Xunit.Abstractions;

namespace LvsActors.Lab.Tests;

/// <summary>
/// Director failover on the real kernel (deploy/lab/scenarios/leadership-failover.sh in deploy/lab/boot-cluster.sh):
/// three published directors, each in its own UML guest (its own kernel, IPVS table, sync daemon and CPU), in front
/// of two DR real servers; a client with a new request every 20 ms and eight long-lived connections; the owner killed,
/// cut off, a follower cut off, the owner stopped gracefully, blips of 1 s and 5 s while two of three are up (the
/// livelock of issue 17: nobody may exit, the pair heals); the owner frozen, cut off one way, starved of CPU, its clock
/// stepped; the kills on the fast profile; the same kills and freezes with keepalived (VRRPv2 and VRRPv3) as the peer.
/// (The kills without TLS, issue 19's figure, are left to LAB_KINDS="… insecure" by hand: the test command's budget.)
/// $LVSACTORS_LAB_HOST_LOAD=N runs the whole scenario with N stress-ng CPU hogs on the host (<see cref="HostLoad"/>).
/// Asserts what must never happen: two owners at once, a lost long-lived connection, ownership moving when a follower
/// is cut off, a run without a new owner. The times are figures for the closing notes and the README (printed here and
/// left in results.txt), not assertions.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class LeadershipFailoverTests(ITestOutputHelper output)
{
    // Five runs of each kind, as the figures need; a run takes 30-45 s in the lab (most end with a director started afresh).
    private const int Runs = 5;

    // The two-way partition asks for no figure (the one-way one does): one run proves the in-process rejoin (the
    // test command's budget, which the active-active scenario now shares).
    private const int PartitionRuns = 1;


    [Fact]
    public async Task Failover_never_gives_two_owners_and_keeps_long_lived_connections()
    {
        var director = await PublishedDirector.AssemblyAsync();
        // The directors talk mutual TLS, as every cluster example does: one CA and a pair per director for this run.
        // In /var/tmp: the guests see the host's files through hostfs, but each mounts a tmpfs of its own on /tmp.
        var tls = Path.Combine("/var/tmp", $"lvsactors-lab-tls-{Guid.NewGuid():N}");
        var certs = Lvsactors.Invoke("cluster-certs", "--out", tls, "192.0.2.11", "192.0.2.12", "192.0.2.13");
        Assert.True(certs.ExitCode == 0, $"cluster-certs failed ({certs.ExitCode}): {certs.Stderr}");
        var load = HostLoad.Start();
        var options = new LabOptions
        {
            Output = output.WriteLine,
            DirectorGuests = 3,
            // A loaded host slows every guest: twice the time.
            TimeLimit = TimeSpan.FromMinutes(load.Hogs > 0 ? 120 : 60),
            Environment = new Dictionary<string, string>
            {
                ["LAB_DIRECTOR"] = director,
                ["LAB_RUNS"] = Runs.ToString(CultureInfo.InvariantCulture),
                ["LAB_CLUSTER_TLS"] = tls,
                ["LAB_PARTITION_RUNS"] = PartitionRuns.ToString(CultureInfo.InvariantCulture),
            },
        };

        LabRun run;
        try
        {
            if (load.Hogs > 0)
            {
                output.WriteLine($"the host loaded by {load.Hogs} stress-ng CPU hogs for the whole scenario");
            }
            run = await LabRunner.Locate().RunAsync("leadership-failover", options);
        }
        finally
        {
            load.Dispose();
            Directory.Delete(tls, recursive: true);
        }

        Assert.True(run.Succeeded, run.Describe());
        var rows = run.ReadLines("results.txt").Where(l => l.StartsWith("run ", StringComparison.Ordinal)).Select(Parse).ToList();
        // "unsettled": runs that began only once an owner stayed (leases lapsing again and again before them), a figure;
        // "churn": fast-profile runs that began with the owner of the moment (a host starving the guests), the same.
        foreach (var line in run.ReadLines("results.txt").Where(l => l.StartsWith("summary ", StringComparison.Ordinal) || l.StartsWith("unsettled ", StringComparison.Ordinal) || l.StartsWith("churn ", StringComparison.Ordinal)))
        {
            output.WriteLine(line);
        }
        foreach (var (kind, expected) in new[] { ("kill", Runs), ("partition", PartitionRuns), ("oneway", Runs), ("follower", 1), ("leave", Runs), ("freeze2", Runs), ("freeze10", 1), ("blip1", 1), ("blip5", 1), ("clock", Runs), ("starve", Runs), ("fast-kill", Runs), ("keepalived-kill", Runs), ("keepalived3-kill", Runs), ("keepalived-freeze2", Runs), ("keepalived3-freeze2", Runs) })
        {
            Assert.Equal(expected, rows.Count(r => r["kind"] == kind));
        }
        output.WriteLine($"kill -> answer, safe profile: {AnswerFigure(rows, "kill")}; fast profile: {AnswerFigure(rows, "fast-kill")}; "
            + $"keepalived VRRPv2 advert_int 1: {AnswerFigure(rows, "keepalived-kill")}; VRRPv3 advert_int 0.1: {AnswerFigure(rows, "keepalived3-kill")}");
        output.WriteLine($"freeze 2 s -> answer, ours: {AnswerFigure(rows, "freeze2")}; keepalived VRRPv2: {AnswerFigure(rows, "keepalived-freeze2")}; VRRPv3: {AnswerFigure(rows, "keepalived3-freeze2")}; "
            + $"one-way partition -> answer: {AnswerFigure(rows, "oneway")}; graceful leave -> answer: {AnswerFigure(rows, "leave")}");
        foreach (var row in rows.Where(r => r["kind"].StartsWith("freeze", StringComparison.Ordinal) || r["kind"].StartsWith("keepalived", StringComparison.Ordinal) || r["kind"] == "fast-kill"))
        {
            output.WriteLine($"{row["kind"]} run {row["n"]}: two owners (kernel) {row["overlap_ms"]} ms, two MACs answering ARP {row["arp_two_ms"]} ms, {row["lost"]} long-lived connections lost");
        }
        // A guest whose kernel hung was booted again by the host (boot-cluster.sh, hung-dN-K.txt has what it saw):
        // said here, since it is a fault of the lab's UML rather than of a director; the runs around it are judged
        // like every other (a hung guest is a dead host to the others).
        foreach (var line in run.ReadLines("events.txt").Where(l => l.Contains(" hung ", StringComparison.Ordinal)))
        {
            output.WriteLine($"lab: a director guest hung and was booted again ({line})");
        }
        // Every broken promise is listed, last in the output (CI shows its tail), before the test fails on them.
        var violations = new List<string>();
        void Check(bool holds, string what)
        {
            if (!holds)
            {
                violations.Add(what);
            }
        }
        foreach (var row in rows.Where(r => r["kind"].StartsWith("freeze", StringComparison.Ordinal) && !BeganWithoutOwner(r)))
        {
            // A frozen owner runs no timer, and its kernel keeps the VIP's address until the address's lifetime runs
            // out; but its kernel fence (the tc program on the VIP's interface) stops answering for the VIP at the
            // deadline of its last lease renewal, on the kernel's clock: its release is its fence closing (a lease of
            // 750 ms: about 0.85 s), and the next owner claims only after the lease has lapsed. Two owners are judged
            // in the loop below like every other kind. Its release must come by itself (never a permanent owner): the
            // 3500 ms bound is the old one (vip-lifetime 2 s + 1 s of expiry rounding + 500 ms) and still holds if
            // only the address is left to end it.
            var what = $"{row["kind"]} run {row["n"]} ({row["victim"]})";
            Check(row["release_ms"] != "-", $"{what}: the frozen owner's kernel kept answering for the VIP");
            Check(row["release_ms"] == "-" || int.Parse(row["release_ms"], CultureInfo.InvariantCulture) <= 3500, $"{what}: the frozen owner's kernel let the VIP go after {row["release_ms"]} ms");
            Check(row["claim_ms"] != "-", $"{what}: no other director took the VIP");
        }
        foreach (var row in rows.Where(r => !r["kind"].StartsWith("keepalived", StringComparison.Ordinal)))
        {
            var what = $"{row["kind"]} run {row["n"]} ({row["victim"]})";
            Check(row["owners_max"] == "1", $"{what}: {row["owners_max"]} VIP owners at once");
            Check(row["overlap_ms"] == "0", $"{what}: two owners for {row["overlap_ms"]} ms");
            // The fast profile trades stalls it rides out for speed; in a busy lab its lease has flapped and cost
            // connections. Its losses are printed as a figure; every other kind must lose none.
            Check(row["lost"] == "0" || row["kind"] == "fast-kill", $"{what}: {row["lost"]} long-lived connections lost");
            if (row["kind"] is not "leave")
            {
                // The client's view: one MAC answers ARP for the VIP. (In a hand-over a reply on its way when the next
                // request went out is counted in that request's slot, so leave runs are not judged by it.)
                Check(row["arp_two_ms"] == "0", $"{what}: two MACs answered ARP for the VIP for {row["arp_two_ms"]} ms");
            }
            if (BeganWithoutOwner(row))
            {
                // Safety above is judged all the same; what the run was for cannot be (and is left out of the figures).
                output.WriteLine($"{what}: began after {row["victim"]}'s lease had lapsed (another director owned the VIP or none did): no figure of its kind");
            }
            else if (row["kind"] is "follower" or "clock" or "starve")
            {
                // A follower cut off, a clock stepped, or the owner's CPU taken by four hogs for a minute (the safe
                // profile at nice -10) must not move the VIP; but in this lab (five guests on two cores) a lease lapses
                // under load every few minutes, in any kind of run. A run that moved is run once more by the scenario
                // ("-again"): a move that the cut, the step or the starvation causes comes back every time, a lapse
                // seldom twice in a row. So a move is a violation when the run has no second go, or the second go
                // moved too; a move that the second go did not repeat is printed as what it was.
                var again = rows.FirstOrDefault(r => r["kind"] == row["kind"] + "-again" && r["n"] == row["n"]);
                if (row["claim_ms"] != "-" && StoodStill(row))
                {
                    output.WriteLine($"{what}: the VIP moved after {row["claim_ms"]} ms, {Stall(row)}");
                }
                else if (row["claim_ms"] != "-" && again is not null && again["claim_ms"] == "-")
                {
                    output.WriteLine($"{what}: the VIP moved after {row["claim_ms"]} ms, and not in the same run again: a lease that lapsed under the lab's load");
                }
                else
                {
                    Check(row["claim_ms"] == "-", $"{what}: the VIP moved although the owner was alive and reachable");
                }
            }
            else if (row["kind"] is "follower-again" or "clock-again" or "starve-again")
            {
                if (row["claim_ms"] != "-" && StoodStill(row))
                {
                    output.WriteLine($"{what}: the VIP moved after {row["claim_ms"]} ms, {Stall(row)}");
                }
                else
                {
                    Check(row["claim_ms"] == "-", $"{what}: the VIP moved in this run's second go too, although the owner was alive and reachable");
                }
            }
            else if (row["kind"].StartsWith("blip", StringComparison.Ordinal))
            {
                // Neither half of a pair is a majority of three: the VIP may come back to either, after the blip; that
                // nobody exited and the pair healed the scenario checks itself (it fails the run otherwise).
                Check(row["answer_ms"] != "-", $"{what}: the client got no answer after the blip healed");
            }
            else if (!row["kind"].StartsWith("freeze", StringComparison.Ordinal))
            {
                // (A freeze's release and claim: the loop above.)
                Check(row["claim_ms"] != "-", $"{what}: no other director took the VIP");
                Check(row["answer_ms"] != "-", $"{what}: the client got no answer after the failover");
            }
        }
        foreach (var violation in violations)
        {
            output.WriteLine("violated: " + violation);
        }
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    // "median 2780 ms (2510-3120), 5 runs": a figure for the closing note, never an assertion.
    private static string AnswerFigure(List<Dictionary<string, string>> rows, string kind)
    {
        // A run of the peer that got stuck (the scenario started its group afresh, "stuck=1") has no figure of its own.
        var stuck = rows.Count(r => r["kind"] == kind && r.GetValueOrDefault("stuck") == "1");
        var times = rows.Where(r => r["kind"] == kind && r["answer_ms"] != "-" && r.GetValueOrDefault("stuck") != "1" && !BeganWithoutOwner(r)).Select(r => int.Parse(r["answer_ms"], CultureInfo.InvariantCulture)).Order().ToList();
        if (times.Count == 0)
        {
            return "no answered run";
        }
        var median = times.Count % 2 == 1 ? times[times.Count / 2] : (times[times.Count / 2 - 1] + times[times.Count / 2]) / 2.0;
        var stuckNote = stuck == 0 ? "" : $", {stuck} stuck (no single owner; started afresh)";
        return string.Create(CultureInfo.InvariantCulture, $"median {median} ms ({times[0]}-{times[^1]}), {times.Count} runs{stuckNote}");
    }

    // A run whose victim (the owner the hub saw last) had lost its lease before the run began (ownership.py's
    // victim_owned=0; a follower run's victim is no owner by design): it measured another lapse, not its own kind.
    private static bool BeganWithoutOwner(Dictionary<string, string> row) =>
        row.GetValueOrDefault("victim_owned") == "0" && !row["kind"].StartsWith("follower", StringComparison.Ordinal);

    // A lab guest (a director's, or the hub's, whose bridge carries every renewal) that stood still for 0.4 of the safe
    // lease (750 ms) or more in the 1.2 s before another director claimed the VIP (ownership.py's stall_ms, from
    // stall-sampler.py: a SCHED_FIFO sleeper that nothing in the guest can delay, stress-ng's hogs included). The host
    // gave that machine no CPU at all: to the cluster it was frozen, and a frozen owner must lose the VIP. A move then
    // is the host's doing, not a false failover; on an idle host no guest stands still that long.
    private const int StoodStillMs = 300;

    private static bool StoodStill(Dictionary<string, string> row) =>
        row.GetValueOrDefault("stall_ms") is { } ms && ms != "-" && int.Parse(ms, CultureInfo.InvariantCulture) >= StoodStillMs;

    private static string Stall(Dictionary<string, string> row) =>
        $"just after guest {row["stall_guest"]} stood still for {row["stall_ms"]} ms (the host gave it no CPU: a freeze, not a false failover)";

    private static Dictionary<string, string> Parse(string line) =>
        line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
}
