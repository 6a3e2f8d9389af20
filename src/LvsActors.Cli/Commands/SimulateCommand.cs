using System.CommandLine;
using LvsActors.Model;
using LvsActors.Scheduling;

namespace LvsActors.Cli.Commands;

/// <summary>
/// <c>lvsactors simulate</c>: previews where a scheduler sends a list of connections, with the kernel's algorithm,
/// so operators can try a scheduler before they deploy it.
/// </summary>
internal static class SimulateCommand
{
    private static readonly Option<string?> Scheduler = new("--scheduler") { Description = "Scheduler: rr, wrr, lc, wlc, lblc, lblcr, dh, sh, sed, nq, fo, ovf, mh, twos" };
    private static readonly Option<string?> Flags = new("--flags") { Description = "Scheduler flags, comma separated: sh-fallback, sh-port, mh-fallback, mh-port" };
    private static readonly Option<string> Vip = new("--vip") { Description = "The virtual service address (the destination of connections)", DefaultValueFactory = _ => "192.0.2.100:80" };
    private static readonly Option<string[]> Servers = new("--server") { Description = "A real server ADDR:PORT[@WEIGHT][,upper=N][,lower=N] (ipvsadm -w, -x, -y), in the order ipvsadm -a would add them; repeat for each" };
    private static readonly Option<string[]> Connections = new("--connection") { Description = "A connection SRC[:PORT][>DST]; repeat for each" };
    private static readonly Option<int?> Count = new("--connections") { Description = "Generate N connections from --source instead" };
    private static readonly Option<string> Source = new("--source") { Description = "Client network for --connections", DefaultValueFactory = _ => "203.0.113.0/24" };
    private static readonly Option<bool> KeepOpen = new("--keep-open") { Description = "Keep every connection active; by default each closes before the next and counts as inactive" };
    private static readonly Option<string[]> RemoveAfter = new("--remove-after") { Description = "K=ADDR:PORT: delete that server after the K-th connection; repeat for each" };
    private static readonly Option<bool> Json = new("--json") { Description = "Print a JSON document instead of text" };
    private static readonly Option<string?> ConfigFile = new("--config") { Description = "Take scheduler, address and real servers from a configuration file" };
    private static readonly Option<string?> Service = new("--service") { Description = "The virtual service to take from --config" };
    private static readonly Option<int?> Seed = new("--seed") { Description = "Seed for twos' random choices, to repeat a run" };

    public static Command Create()
    {
        var command = new Command("simulate", "Show where a scheduler sends connections, choosing as the kernel's IPVS would")
        {
            Scheduler, Flags, Vip, Servers, Connections, Count, Source, KeepOpen, RemoveAfter, Json, ConfigFile, Service, Seed,
        };
        command.SetAction(parse =>
        {
            try
            {
                var request = BuildRequest(parse);
                var result = Simulation.Run(request);
                Console.Out.Write(parse.GetValue(Json) ? SimulationOutput.Json(request, result) : SimulationOutput.Text(request, result));
                return ExitCodes.Ok;
            }
            catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
            {
                Console.Error.WriteLine($"simulate: {e.Message}");
                return ExitCodes.Invalid;
            }
        });
        return command;
    }

    private static SimulationRequest BuildRequest(ParseResult parse)
    {
        var (scheduler, flags, vip, servers) = parse.GetValue(ConfigFile) is { } file ? FromConfig(file, parse.GetValue(Service)) : FromOptions(parse);
        if (servers.Count == 0)
        {
            throw new FormatException("no real servers: give --server ADDR:PORT[@WEIGHT] (repeat it), or --config FILE --service NAME");
        }
        var listed = parse.GetValue(Connections) ?? [];
        IReadOnlyList<SimulatedConnection> connections = parse.GetValue(Count) is { } n
            ? listed.Length > 0 ? throw new FormatException("give either --connection (repeated) or --connections N, not both") : SimulationInput.Generated(n, parse.GetValue(Source)!)
            : listed.Select((c, i) => SimulationInput.Connection(c, i + 1)).ToList();
        if (connections.Count == 0)
        {
            throw new FormatException("no connections: give --connection SRC[:PORT][>DST] (repeat it) or --connections N");
        }
        var options = SchedulerOptions.Default with { ClockMilliseconds = static () => 0 };
        if (parse.GetValue(Seed) is { } seed)
        {
            options = options with { Random = new Random(seed) };
        }
        return new SimulationRequest(scheduler, vip, servers, connections)
        {
            Flags = flags,
            KeepOpen = parse.GetValue(KeepOpen),
            Removals = (parse.GetValue(RemoveAfter) ?? []).Select(SimulationInput.Removal).ToList(),
            Options = options,
        };
    }

    private static (string, IReadOnlyList<string>, Endpoint, IReadOnlyList<SimulatedServer>) FromOptions(ParseResult parse)
    {
        var scheduler = parse.GetValue(Scheduler) ?? throw new FormatException("--scheduler is required (or --config FILE --service NAME)");
        var flags = (parse.GetValue(Flags) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var servers = (parse.GetValue(Servers) ?? []).Select(SimulationInput.Server).ToList();
        return (scheduler, flags, SimulationInput.ParseEndpoint(parse.GetValue(Vip)!, "--vip"), servers);
    }

    private static (string, IReadOnlyList<string>, Endpoint, IReadOnlyList<SimulatedServer>) FromConfig(string file, string? name)
    {
        var result = ConfigFiles.Load(file);
        if (!result.IsValid)
        {
            throw new FormatException($"{file} is invalid:\n" + string.Join("\n", result.Errors));
        }
        var services = result.Value!.VirtualServices;
        var service = services.FirstOrDefault(s => s.Name == name)
            ?? throw new FormatException($"--service: {(name is null ? "required with --config" : $"no virtual service \"{name}\"")}; {file} has: {string.Join(", ", services.Select(s => s.Name))}");
        var vip = service.Key is AddressServiceKey a ? a.Endpoint : SimulationInput.ParseEndpoint("192.0.2.100:80", "--vip");
        var servers = service.RealServers
            .Select(rs => new SimulatedServer(
                rs.Endpoint, rs.Weight,
                new ConnectionThresholds((int)rs.Thresholds.Upper, (int)rs.Thresholds.Lower)))
            .ToList();
        return (service.Scheduler.Name, service.Scheduler.FlagNames, vip, servers);
    }
}
