using System.CommandLine;

namespace LvsActors.Cli;

/// <summary>What the write commands share: send one request, print what changed (or the JSON), exit with its code.</summary>
internal static class AdminWrite
{
    public static async Task<int> RunAsync(ParseResult parse, AdminApiOptions api, HttpMethod method, string path, object? body, string done, CancellationToken ct)
    {
        var (client, error) = api.Client(parse);
        if (client is null)
        {
            Console.Error.WriteLine(error);
            return ExitCodes.Invalid;
        }
        var answer = await client.SendAsync(method, path, body, ct);
        if (answer.Problem is not null)
        {
            Console.Error.WriteLine($"{parse.CommandResult.Command.Name}: {answer.Problem}");
            return answer.ExitCode;
        }
        if (parse.GetValue(api.Json))
        {
            Console.Out.WriteLine(answer.Raw);
        }
        else if (answer.Json is { } json && json.TryGetProperty("changed", out var changed) && changed.ValueKind is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False)
        {
            Console.Out.WriteLine(changed.GetBoolean() ? $"{done} (version {json.GetProperty("version").GetInt64()})" : $"{done}: already so, nothing changed");
        }
        else if (answer.Json is { ValueKind: System.Text.Json.JsonValueKind.Object } counts && counts.TryGetProperty("added", out var added))
        {
            Console.Out.WriteLine($"{done}: {added} added, {counts.GetProperty("changed")} changed, {counts.GetProperty("removed")} removed, {counts.GetProperty("unchanged")} unchanged");
        }
        else
        {
            Console.Out.WriteLine(done);
        }
        return ExitCodes.Ok;
    }

    /// <summary>The API path of a real server: the address goes in one path segment, escaped ([v6]:port has colons).</summary>
    public static string RealServerPath(string service, string server) =>
        $"api/v1/services/{Uri.EscapeDataString(service)}/real-servers/{Uri.EscapeDataString(server)}";
}
