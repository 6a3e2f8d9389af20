using System.CommandLine;

namespace LvsActors.Cli.Commands;

/// <summary><c>lvsactors drain SERVICE REAL-SERVER [--timeout 10m]</c>: weight 0 until connections end or the timeout.</summary>
internal static class DrainCommand
{
    public static Command Create()
    {
        var service = new Argument<string>("service") { Description = "The virtual service's name" };
        var server = new Argument<string>("real-server") { Description = "The real server, ADDRESS:PORT (the service's port when left out)" };
        var timeout = new Option<string?>("--timeout") { Description = "Leave the table after this long even with connections left (default lvs.admin.drain-timeout), e.g. 10m", HelpName = "duration" };
        var api = new AdminApiOptions();
        var command = new Command("drain", "Drain a real server: weight 0 (no new connections), then out of the table when its connections end") { service, server, timeout };
        api.AddTo(command);
        command.SetAction((parse, ct) => AdminWrite.RunAsync(parse, api, HttpMethod.Post,
            AdminWrite.RealServerPath(parse.GetValue(service)!, parse.GetValue(server)!) + "/drain",
            parse.GetValue(timeout) is { } t ? new { timeout = t } : null,
            $"draining {parse.GetValue(server)} in {parse.GetValue(service)}", ct));
        return command;
    }
}
