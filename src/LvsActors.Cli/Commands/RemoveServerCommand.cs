using System.CommandLine;

namespace LvsActors.Cli.Commands;

/// <summary><c>lvsactors remove-server SERVICE REAL-SERVER</c>: remove a real server at runtime.</summary>
internal static class RemoveServerCommand
{
    public static Command Create()
    {
        var service = new Argument<string>("service") { Description = "The virtual service's name" };
        var server = new Argument<string>("real-server") { Description = "The real server, ADDRESS:PORT" };
        var api = new AdminApiOptions();
        var command = new Command("remove-server", "Remove a real server at runtime (a configured one comes back with add-server or restore)") { service, server };
        api.AddTo(command);
        command.SetAction((parse, ct) => AdminWrite.RunAsync(parse, api, HttpMethod.Delete,
            AdminWrite.RealServerPath(parse.GetValue(service)!, parse.GetValue(server)!), null,
            $"removed {parse.GetValue(server)} from {parse.GetValue(service)}", ct));
        return command;
    }
}
