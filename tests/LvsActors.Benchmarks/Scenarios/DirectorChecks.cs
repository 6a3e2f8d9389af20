using System.Text;
using LvsActors.Configuration;
using LvsActors.Director;
using LvsActors.Director.Actors;
using LvsActors.Director.Checks;
using LvsActors.Director.DataPlanes;
using LvsActors.Director.Notify;
using LvsActors.Model;
using Serilog;

namespace LvsActors.Benchmarks.Scenarios;

/// <summary>
/// One director checking many real servers with TCP checks (or HTTP: GET /health, status 200), on the dry-run data
/// plane, for a fixed time. Arguments: SERVERS FIRST-PORT PORTS WARMUP-SECONDS WINDOW-SECONDS INTERVAL [tcp|http]. Real server i is
/// 127.(1 + i / 62500).(i / 250 % 250).(i % 250 + 1) on port FIRST-PORT + i % PORTS, the same set the HAProxy peer
/// checks. Prints one JSON line: the fraction of probes in the window that started no later than 10 % after the
/// interval since the same server's previous probe (the checker is wrapped to note when each probe starts).
/// </summary>
internal static class DirectorChecks
{
    public static async Task<int> RunAsync(string[] args)
    {
        var servers = int.Parse(args[0]);
        var firstPort = int.Parse(args[1]);
        var ports = int.Parse(args[2]);
        var warmup = TimeSpan.FromSeconds(double.Parse(args[3]));
        var window = TimeSpan.FromSeconds(double.Parse(args[4]));
        var interval = args[5];
        var check = args.Length > 6 ? args[6] : "tcp";
        var text = Config(servers, firstPort, ports, interval, check);
        var result = LvsConfigLoader.Load(text, "bench.conf");
        if (!result.IsValid)
        {
            Console.Error.WriteLine(string.Join("\n", result.Errors.Take(5)));
            return 2;
        }
        using var log = new Serilog.LoggerConfiguration().MinimumLevel.Warning().WriteTo.Console(standardErrorFromLevel: Serilog.Events.LogEventLevel.Verbose).CreateLogger();
        Serilog.Log.Logger = log;
        var starts = new ProbeStarts();
        var services = new DirectorServices((spec, rs) => starts.Wrap(HealthCheckers.Create(spec, rs)), new ProcessNotifier(TimeSpan.FromSeconds(10), log));
        await using var host = DirectorHost.Start(result.Value!, result.Document, new DryRunDataPlane(), services, LogLevel.Warning);
        Console.Error.WriteLine($"{check} checks of {servers} real servers every {interval}");
        await Task.Delay(warmup + window + TimeSpan.FromSeconds(1));
        Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(starts.Report(warmup, window, DurationText.Parse(interval)!.Value)));
        return 0;
    }

    /// <summary>The real server list both peers check.</summary>
    public static IEnumerable<(string Address, int Port)> RealServers(int servers, int firstPort, int ports) =>
        Enumerable.Range(0, servers).Select(i => ($"127.{1 + i / 62500}.{i / 250 % 250}.{i % 250 + 1}", firstPort + i % ports));

    private static string Config(int servers, int firstPort, int ports, string interval, string check)
    {
        var checks = check switch
        {
            "tcp" => "{ type = tcp }",
            "http" => "{ type = http, urls = [ { path = \"/health\", status-codes = [200] } ] }",
            _ => throw new ArgumentException($"no benchmark for {check} checks: tcp or http"),
        };
        var text = new StringBuilder($"lvs.virtual-services.bench {{\n address = \"127.0.0.1:1\"\n scheduler = rr\n");
        text.Append($" delay-loop = {interval}\n warmup = {interval}\n connect-timeout = 1s\n retry = 1\n delay-before-retry = 1s\n real-servers = [\n");
        foreach (var (address, port) in RealServers(servers, firstPort, ports))
        {
            text.Append($"  {{ address = \"{address}:{port}\", checks = [ {checks} ] }}\n");
        }
        return text.Append(" ]\n}\n").ToString();
    }
}
