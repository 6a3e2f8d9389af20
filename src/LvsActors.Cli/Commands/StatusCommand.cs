using System.CommandLine;
using System.Text;
using System.Text.Json;
using LvsActors.Director.Leadership;

namespace LvsActors.Cli.Commands;

/// <summary>
/// <c>lvsactors status [SERVICE]</c>: services and real servers with health, weights, intent and counters; on a cluster
/// member also the members, the VIP owner with its epoch, and whether this node holds the VIPs.
/// </summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var service = new Argument<string?>("service") { Description = "Only this virtual service", Arity = ArgumentArity.ZeroOrOne };
        var api = new AdminApiOptions();
        var command = new Command("status", "Show a running director: virtual services, real servers (health, weight, operator intent, connections)") { service };
        api.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var (client, error) = api.Client(parse);
            if (client is null)
            {
                Console.Error.WriteLine(error);
                return ExitCodes.Invalid;
            }
            var answer = await client.GetAsync("api/v1/status", ct);
            if (answer.Problem is not null)
            {
                Console.Error.WriteLine($"status: {answer.Problem}");
                return answer.ExitCode;
            }
            var status = answer.Json!.Value;
            var only = parse.GetValue(service);
            var services = status.GetProperty("services").EnumerateArray().Where(s => only is null || s.GetProperty("name").GetString() == only).ToList();
            if (only is not null && services.Count == 0)
            {
                Console.Error.WriteLine($"status: virtual service {only} is not configured on the director at {client.Api}");
                return ExitCodes.Invalid;
            }
            Console.Out.Write(parse.GetValue(api.Json) ? (only is null ? answer.Raw : JsonSerializer.Serialize(services[0])) + Environment.NewLine : Render(status.GetProperty("director"), services));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>A table per service, as a person reads it.</summary>
    internal static string Render(JsonElement director, IReadOnlyList<JsonElement> services)
    {
        var text = new StringBuilder();
        text.AppendLine($"director: {director.GetProperty("dataPlane").GetString()} data plane, admin version {Show(director.GetProperty("adminVersion"))}");
        foreach (var note in new[] { "adminError", "countersError" }.Select(k => director.GetProperty(k)).Where(e => e.ValueKind == JsonValueKind.String))
        {
            text.AppendLine($"  note: {note.GetString()}");
        }
        RenderCluster(text, director.GetProperty("cluster"));
        foreach (var s in services)
        {
            text.AppendLine();
            text.AppendLine($"{s.GetProperty("name").GetString()}  {s.GetProperty("key").GetString()}  {s.GetProperty("scheduler").GetString()}  quorum {(s.GetProperty("quorumUp").GetBoolean() ? "up" : "DOWN")}"
                + (s.GetProperty("maintenance").GetBoolean() ? "  MAINTENANCE" : ""));
            var rows = new List<string[]> { new[] { "REAL SERVER", "HEALTH", "WEIGHT", "IN TABLE", "ADMIN", "FWD", "ACTIVE", "INACTIVE", "CONN/S" } };
            foreach (var rs in s.GetProperty("realServers").EnumerateArray())
            {
                var traffic = rs.GetProperty("traffic");
                rows.Add([
                    rs.GetProperty("address").GetString()! + (rs.GetProperty("added").GetBoolean() ? " +" : ""),
                    rs.GetProperty("up").GetBoolean() ? "up" : "DOWN",
                    rs.GetProperty("healthWeight").ToString(),
                    Show(rs.GetProperty("tableWeight")),
                    rs.GetProperty("admin").GetString()!,
                    rs.GetProperty("forwarding").GetString()!,
                    Show(rs.GetProperty("activeConnections")),
                    Show(rs.GetProperty("inactiveConnections")),
                    traffic.ValueKind == JsonValueKind.Null ? "-" : traffic.GetProperty("connectionRate").ToString(),
                ]);
            }
            var widths = Enumerable.Range(0, rows[0].Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
            foreach (var row in rows)
            {
                text.AppendLine("  " + string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
            }
        }
        return text.ToString();
    }

    /// <summary>The cluster section, through the same formatter as the director's own logs; nothing when not clustered.</summary>
    private static void RenderCluster(StringBuilder text, JsonElement cluster)
    {
        if (cluster.ValueKind == JsonValueKind.Null)
        {
            return;
        }
        text.AppendLine();
        if (cluster.GetProperty("status").Deserialize<ClusterStatus>(JsonSerializerOptions.Web) is not { } status)
        {
            text.AppendLine($"cluster: unknown ({cluster.GetProperty("error").GetString()})");
            return;
        }
        text.AppendLine($"cluster, as {status.Self} sees it:");
        foreach (var line in ClusterStatusFormatter.Format(status).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            text.AppendLine("  " + line.TrimEnd());
        }
    }

    private static string Show(JsonElement value) => value.ValueKind == JsonValueKind.Null ? "-" : value.ToString();
}
