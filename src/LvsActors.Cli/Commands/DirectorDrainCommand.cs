using System.CommandLine;

namespace LvsActors.Cli.Commands;

/// <summary>
/// <c>lvsactors director-drain [--undo]</c> (active-active): this director withdraws every VIP from the routers, which
/// move its flows to the other directors; its table and checks go on, so with mh and sloppy_tcp the flows keep their
/// real servers. <c>--undo</c> announces them again. Through the director's admin API, with its bearer token.
/// </summary>
internal static class DirectorDrainCommand
{
    public static Command Create()
    {
        var undo = new Option<bool>("--undo") { Description = "Announce the VIPs again (undrain)" };
        var api = new AdminApiOptions();
        var command = new Command("director-drain", "Active-active: withdraw this director's VIPs from the routers (flows move to the other directors, none break); --undo announces them again") { undo };
        api.AddTo(command);
        command.SetAction((parse, ct) =>
        {
            var undrain = parse.GetValue(undo);
            return AdminWrite.RunAsync(parse, api, HttpMethod.Post, undrain ? "api/v1/director/undrain" : "api/v1/director/drain", null,
                undrain ? "director undrained: announcing the VIPs" : "director drained: the VIPs are withdrawn from the routers", ct);
        });
        return command;
    }
}
