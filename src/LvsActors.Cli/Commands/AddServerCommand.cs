using System.CommandLine;

namespace LvsActors.Cli.Commands;

/// <summary><c>lvsactors add-server SERVICE REAL-SERVER [--weight N] [--checks-like RS]</c>: add a real server at runtime.</summary>
internal static class AddServerCommand
{
    public static Command Create()
    {
        var service = new Argument<string>("service") { Description = "The virtual service's name" };
        var server = new Argument<string>("real-server") { Description = "The new real server, ADDRESS:PORT" };
        var weight = new Option<int>("--weight") { Description = "Its weight (default 1)", DefaultValueFactory = _ => 1 };
        var like = new Option<string?>("--checks-like") { Description = "A configured real server whose checks, forwarding and thresholds it copies (default: the service's first)", HelpName = "real-server" };
        var api = new AdminApiOptions();
        var command = new Command("add-server", "Add a real server at runtime (kept across restarts; the configuration file is not changed)") { service, server, weight, like };
        api.AddTo(command);
        command.SetAction((parse, ct) => AdminWrite.RunAsync(parse, api, HttpMethod.Post,
            $"api/v1/services/{Uri.EscapeDataString(parse.GetValue(service)!)}/real-servers",
            new { address = parse.GetValue(server), weight = parse.GetValue(weight), checksLike = parse.GetValue(like) },
            $"added {parse.GetValue(server)} to {parse.GetValue(service)}", ct));
        return command;
    }
}
