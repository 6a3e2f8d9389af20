using System.CommandLine;

namespace LvsActors.Cli.Commands;

/// <summary><c>lvsactors restore SERVICE [REAL-SERVER]</c>: undo a drain, maintenance or weight override.</summary>
internal static class RestoreCommand
{
    public static Command Create()
    {
        var service = new Argument<string>("service") { Description = "The virtual service's name" };
        var server = new Argument<string?>("real-server") { Description = "The real server; without it, the service's maintenance ends", Arity = ArgumentArity.ZeroOrOne };
        var api = new AdminApiOptions();
        var command = new Command("restore", "Bring a real server (or a whole service) back as configured: ends drains, maintenance and weight overrides") { service, server };
        api.AddTo(command);
        command.SetAction((parse, ct) =>
        {
            var vs = parse.GetValue(service)!;
            return parse.GetValue(server) is { } rs
                ? AdminWrite.RunAsync(parse, api, HttpMethod.Post, AdminWrite.RealServerPath(vs, rs) + "/restore", null, $"restored {rs} in {vs}", ct)
                : AdminWrite.RunAsync(parse, api, HttpMethod.Post, $"api/v1/services/{Uri.EscapeDataString(vs)}/restore", null, $"restored {vs}", ct);
        });
        return command;
    }
}
