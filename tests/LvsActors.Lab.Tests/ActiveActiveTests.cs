using System.Globalization;
using Xunit;
using Xunit.Abstractions;

namespace LvsActors.Lab.Tests;

/// <summary>
/// Active-active on the real kernel (deploy/lab/scenarios/active-active.sh in deploy/lab/boot-cluster.sh): three
/// published directors, each in its own UML guest with BIRD 2 beside it, announce the VIP by BGP to a router (BIRD 2,
/// ECMP with the L4 hash) in front of three DR real servers; a client holds thousands of long-lived flows. One director
/// drained, one real server killed, one director's machine killed with BFD on the router's sessions and one without.
/// Asserts what the issue promises: every director carries flows; no flow breaks on a drain; the router withdraws a
/// killed director's route; no flow of a surviving director breaks when another dies; a killed real server breaks its
/// own flows only; three VIP groups go one to each director, and a killed director's group to another. The times, the dead director's broken flows and the throughput of 1, 2 and 3 directors are figures
/// (printed, and left in results.txt), never assertions.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class ActiveActiveTests(ITestOutputHelper output)
{
    // One run of each kind the promises need, in the test command (its budget); the figures' kinds (kill-nobfd,
    // throughput) and five runs of each are for a hand run: LAB_RUNS=5 and LAB_KINDS unset (deploy/lab/README.md).
    private const int Runs = 1;

    private const string Kinds = "drain rskill kill";

    private const int Flows = 2000;

    [Fact]
    public async Task Every_director_serves_and_flows_survive_drain_and_director_death()
    {
        var director = await PublishedDirector.AssemblyAsync();
        // Mutual TLS between the directors, as the example runs it; in /var/tmp, which the guests see through hostfs.
        var tls = Path.Combine("/var/tmp", $"lvsactors-lab-tls-{Guid.NewGuid():N}");
        var certs = Lvsactors.Invoke("cluster-certs", "--out", tls, "192.0.2.11", "192.0.2.12", "192.0.2.13");
        Assert.True(certs.ExitCode == 0, $"cluster-certs failed ({certs.ExitCode}): {certs.Stderr}");
        var options = new LabOptions
        {
            Output = output.WriteLine,
            DirectorGuests = 3,
            TimeLimit = TimeSpan.FromMinutes(20),
            Environment = new Dictionary<string, string>
            {
                ["LAB_DIRECTOR"] = director,
                ["LAB_CLUSTER_TLS"] = tls,
                ["LAB_RUNS"] = Runs.ToString(CultureInfo.InvariantCulture),
                ["LAB_FLOWS"] = Flows.ToString(CultureInfo.InvariantCulture),
                ["LAB_KINDS"] = Kinds,
            },
        };
        LabRun run;
        try
        {
            run = await LabRunner.Locate().RunAsync("active-active", options);
        }
        finally
        {
            Directory.Delete(tls, recursive: true);
        }

        Assert.True(run.Succeeded, run.Describe());
        var results = run.ReadLines("results.txt").ToList();
        foreach (var line in results)
        {
            output.WriteLine(line);
        }
        var rows = results.Where(l => l.StartsWith("run ", StringComparison.Ordinal)).Select(Parse).ToList();
        var violations = new List<string>();
        void Check(bool holds, string what)
        {
            if (!holds)
            {
                violations.Add(what);
            }
        }

        var carry = results.SingleOrDefault(l => l.StartsWith("carry ", StringComparison.Ordinal));
        Check(carry is not null, "no record of which director carried the flows (conns-start-dN.txt)");
        if (carry is not null)
        {
            foreach (var share in Parse(carry))
            {
                Check(int.Parse(share.Value, CultureInfo.InvariantCulture) > 0, $"{share.Key} carried no flow (the router's ECMP or its BGP session left it out): {carry}");
            }
        }
        // mh with mh-port spreads one client's flows over every real server (a table of one would prove nothing).
        var servers = results.SingleOrDefault(l => l.StartsWith("servers ", StringComparison.Ordinal));
        Check(servers is not null && Parse(servers).Values.All(n => int.Parse(n, CultureInfo.InvariantCulture) > 0), $"not every real server held flows: {servers ?? "no record"}");
        foreach (var (kind, expected) in Kinds.Split(' ').Select(k => (k, Runs)))
        {
            Check(rows.Count(r => r["kind"] == kind) == expected, $"{rows.Count(r => r["kind"] == kind)} {kind} runs in results.txt, {expected} expected");
        }
        // VIP groups a, b and c: one director each, a different one each, and a killed director's group elsewhere.
        var spreads = results.Where(l => l.StartsWith("spread ", StringComparison.Ordinal)).Select(Parse).ToList();
        var start = spreads.FirstOrDefault(r => r["label"] == "start");
        Check(start is not null && start["owners"].Split(',').Distinct().Count() == 3, $"the VIP groups were not spread one to each director: {start?["owners"] ?? "no record"}");
        foreach (var row in rows.Where(r => r["kind"] is "kill" or "kill-nobfd"))
        {
            var after = spreads.FirstOrDefault(r => r["label"] == $"{row["kind"]}-{row["n"]}");
            Check(after is not null && !after["owners"].Split(',').Contains(row["victim"]), $"{row["kind"]} run {row["n"]}: the VIP groups after {row["victim"]} died lead to {after?["owners"] ?? "no record"}");
        }
        foreach (var row in rows)
        {
            var what = $"{row["kind"]} run {row["n"]} ({row.GetValueOrDefault("victim", "-")})";
            switch (row["kind"])
            {
                case "drain":
                    Check(Int(row, "victim_flows") > 0, $"{what}: the drained director carried no flow, so the drain proved nothing");
                    Check(Int(row, "lost") == 0, $"{what}: {row["lost"]} flows broke on a drain");
                    break;
                case "rskill":
                    Check(Int(row, "its_flows") > 0, $"{what}: the killed real server held no flow");
                    Check(Int(row, "other_lost") == 0, $"{what}: {row["other_lost"]} flows of other real servers broke");
                    break;
                case "kill" or "kill-nobfd":
                    Check(row["withdraw_ms"] != "-", $"{what}: the router never withdrew the dead director's route");
                    Check(Int(row, "victim_flows") > 0, $"{what}: the killed director carried no flow");
                    Check(Int(row, "survivor_lost") == 0, $"{what}: {row["survivor_lost"]} flows of the surviving directors broke");
                    break;
                case "flap":
                    Check(Int(row, "route_changes") > 0, $"{what}: the router's route never changed, so the flap proved nothing");
                    Check(Int(row, "lost") == 0, $"{what}: {row["lost"]} flows broke although no director or real server failed");
                    break;
            }
        }
        foreach (var violation in violations)
        {
            output.WriteLine("violated: " + violation);
        }
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    private static int Int(Dictionary<string, string> row, string key) => int.Parse(row[key], CultureInfo.InvariantCulture);

    private static Dictionary<string, string> Parse(string line) =>
        line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
}
