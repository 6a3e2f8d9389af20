using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using LvsActors.Director;
using LvsActors.Director.Admin.Api;
using LvsActors.Director.Checks;
using LvsActors.Director.DataPlanes;
using LvsActors.Model;
using LvsActors.Table;
using static LvsActors.Admin.Tests.TestDirector;

namespace LvsActors.Admin.Tests;

/// <summary>
/// The alerting rules (deploy/prometheus) and the Grafana dashboard (deploy/grafana) name only metrics that a running
/// director exports, and promtool accepts the rules and their unit tests.
/// </summary>
public sealed partial class MonitoringRulesSpecs : IDisposable
{
    private static readonly string Rules = Path.Combine(RepositoryRoot.Path, "deploy", "prometheus", "lvsactors-rules.yml");
    private static readonly string RuleTests = Path.Combine(RepositoryRoot.Path, "deploy", "prometheus", "lvsactors-rules.test.yml");
    private static readonly string Dashboard = Path.Combine(RepositoryRoot.Path, "deploy", "grafana", "lvsactors-dashboard.json");
    private readonly ScratchFolder _scratch = new();

    [Fact]
    public async Task Every_metric_the_rules_and_the_dashboard_name_is_exported_by_a_running_director()
    {
        var named = new[] { Rules, RuleTests, Dashboard }.SelectMany(f => MetricName().Matches(File.ReadAllText(f)).Select(m => m.Value)).ToHashSet();
        Assert.True(named.Count >= 20, $"only {named.Count} metric names found in the rules and dashboard: {string.Join(", ", named)}");

        using var realServer = RealServerSocket.Listen(new IPEndPoint(IPAddress.Loopback, 0));
        var rs = $"127.0.0.1:{((IPEndPoint)realServer.LocalEndPoint!).Port}";
        var text = $$"""
            lvs {
              data-plane = dry-run
              admin { journal { {{Sqlite(_scratch.File("admin.db"))}} }, api { bind = "127.0.0.1:0", token = "t" } }
              virtual-services.web {
                address = "192.0.2.100:80"
                delay-loop = 200ms
                real-servers = [ { address = "{{rs}}", weight = 2, checks = [ { type = tcp } ] } ]
              }
            }
            """;
        var (config, document) = Load(text);
        await using var host = DirectorHost.Start(config, document, new DryRunDataPlane(), Services with { CreateChecker = HealthCheckers.Create }, LogLevel.Warning);
        var stats = new Counters(Endpoint.TryParse(rs, null, out _)!.Value);
        await using var api = await AdminApi.StartAsync(new AdminApiOptions(host, "dry-run", stats, null, Serilog.Core.Logger.None));
        using var http = new HttpClient { BaseAddress = api.Address };

        // Labelled series appear once they have a value: wait for the first probe's histogram.
        var exported = new HashSet<string>();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(20) && !exported.Contains("lvs_check_duration_seconds_count"))
        {
            exported = Exported(await http.GetStringAsync("/metrics"));
            await Task.Delay(100);
        }
        var missing = named.Where(n => !exported.Contains(n)).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, $"named in deploy/ but not exported: {string.Join(", ", missing)}; exported: {string.Join(", ", exported.Order(StringComparer.Ordinal))}");
    }

    [Fact]
    public void Promtool_accepts_the_rules_and_their_unit_tests_pass()
    {
        var (check, checkOutput) = Promtool("check", "rules", Rules);
        Assert.True(check == 0, $"promtool check rules exited {check}:\n{checkOutput}");
        Assert.Contains("SUCCESS: 7 rules found", checkOutput);
        var (test, testOutput) = Promtool("test", "rules", RuleTests);
        Assert.True(test == 0, $"promtool test rules exited {test}:\n{testOutput}");
    }

    /// <summary>The names a scrape carries: every sample's name (a histogram's _bucket, _sum and _count included).</summary>
    private static HashSet<string> Exported(string scrape) =>
        scrape.Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(l => MetricName().Match(l).Value).Where(n => n.Length > 0).ToHashSet();

    private static (int Exit, string Output) Promtool(params string[] args)
    {
        const string promtool = "/usr/bin/promtool";
        Assert.True(File.Exists(promtool), $"{promtool} is missing: apt-get install -y prometheus (deploy/test-tools.sh does)");
        var start = new ProcessStartInfo(promtool) { RedirectStandardOutput = true, RedirectStandardError = true };
        args.ToList().ForEach(start.ArgumentList.Add);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "promtool did not finish within 60s");
        return (process.ExitCode, output.Result + error.Result);
    }

    // Series names as they appear in PromQL, the dashboard and the exposition format.
    [GeneratedRegex(@"\blvs_[a-z0-9_]+")]
    private static partial Regex MetricName();

    /// <summary>Counters for the one real server, as the ipvs data plane reports them.</summary>
    private sealed class Counters(Endpoint realServer) : IDataPlaneStats
    {
        public Task<IReadOnlyList<ServiceStats>> ReadStatsAsync(CancellationToken cancellationToken)
        {
            var traffic = new TrafficStats(10, 200, 190, 30_000, 200_000, 1, 4, 3, 600, 4_000);
            IReadOnlyList<ServiceStats> stats = [new ServiceStats("192.0.2.100:80/TCP", traffic, [new DestinationStats(realServer, 1, 2, traffic)])];
            return Task.FromResult(stats);
        }
    }

    public void Dispose() => _scratch.Dispose();
}
