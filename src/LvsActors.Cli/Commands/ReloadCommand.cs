using System.CommandLine;

namespace LvsActors.Cli.Commands;

/// <summary><c>lvsactors reload</c>: the director re-reads its configuration file (as SIGHUP does).</summary>
internal static class ReloadCommand
{
    public static Command Create()
    {
        var api = new AdminApiOptions();
        var command = new Command("reload", "Make the director re-read its configuration file; an invalid file changes nothing");
        api.AddTo(command);
        command.SetAction((parse, ct) => AdminWrite.RunAsync(parse, api, HttpMethod.Post, "api/v1/reload", null, "reloaded", ct));
        return command;
    }
}
