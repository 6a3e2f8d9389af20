using System.Text;
using System.Text.Json;
using LvsActors.Scheduling;

namespace LvsActors.Cli.Commands;

/// <summary>What <c>simulate</c> prints: a line per connection and a summary per server, or the same as JSON.</summary>
internal static class SimulationOutput
{
    public static string Text(SimulationRequest request, SimulationResult result)
    {
        var text = new StringBuilder();
        foreach (var choice in result.Choices)
        {
            var c = request.Connections[choice.Connection - 1];
            text.Append(Source(c)).Append(" -> ").Append(choice.Server?.ToString() ?? "(no server)").Append('\n');
        }
        text.Append('\n').Append($"{"RealServer",-28} {"Weight",6} {"Conns",8} {"ActiveConn",10} {"InActConn",10}\n");
        foreach (var s in result.Servers)
        {
            text.Append($"{s.Server,-28} {s.Weight,6} {s.Connections,8} {s.ActiveConnections,10} {s.InactiveConnections,10}{(s.Removed ? "  removed" : "")}\n");
        }
        if (result.Unscheduled > 0)
        {
            text.Append($"{result.Unscheduled} connections found no server\n");
        }
        return text.ToString();
    }

    public static string Json(SimulationRequest request, SimulationResult result)
    {
        var document = new
        {
            scheduler = request.Scheduler,
            flags = request.Flags,
            virtualService = request.VirtualService.ToString(),
            keepOpen = request.KeepOpen,
            connections = result.Choices.Select(choice => new
            {
                source = Source(request.Connections[choice.Connection - 1]),
                destination = (request.Connections[choice.Connection - 1].Destination ?? request.VirtualService).ToString(),
                server = choice.Server?.ToString(),
            }),
            servers = result.Servers.Select(s => new
            {
                server = s.Server.ToString(),
                weight = s.Weight,
                connections = s.Connections,
                active = s.ActiveConnections,
                inactive = s.InactiveConnections,
                removed = s.Removed,
            }),
            unscheduled = result.Unscheduled,
        };
        return JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    private static string Source(SimulatedConnection c) => c.Source.ToString();
}
