using System.CommandLine;
using LvsActors.Director;
using LvsActors.Director.Actors;
using LvsActors.Director.DataPlanes;
using LvsActors.Director.Hosting;
using LvsActors.Director.Notify;
using LvsActors.Model;

namespace LvsActors.Cli.Commands;

/// <summary>
/// <c>lvsactors run FILE</c>: the director as a service (systemd Type=notify, SIGHUP reloads, SIGTERM stops).
/// This build wires the dry-run data plane and real servers without checks; the IPVS and userspace data planes and
/// the checkers are wired here as they land (issues of the ipvs-plane, userspace and checkers branches).
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The configuration file (re-read on SIGHUP and `lvsactors reload`)" };
        var command = new Command("run", "Run the director: health checks, the table, the admin API; reload on SIGHUP") { file };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            var first = ConfigFiles.Load(path);
            using var log = GlobalOptions.Logger(parse, first.Value?.Log);
            // Akka.Logger.Serilog writes to the static logger.
            Serilog.Log.Logger = log;
            if (first.Value is { } config && Unsupported(config) is { } reason)
            {
                log.Error("{File}: {Reason}", path, reason);
                return ExitCodes.Invalid;
            }
            var services = new DirectorServices(
                (spec, endpoint) => throw new NotSupportedException($"{spec.Kind} checks of {endpoint} are not in this build"),
                new ProcessNotifier(DirectorSettings.Default.NotifyTimeout, log));
            return await DirectorProcess.RunAsync(new DirectorProcessOptions(() => ConfigFiles.Load(path), new DryRunDataPlane(), null, services, log), ct);
        });
        return command;
    }

    private static string? Unsupported(LvsConfig config)
    {
        if (config.DataPlane != DataPlaneKind.DryRun)
        {
            return $"lvs.data-plane = {config.DataPlane.ToString().ToLowerInvariant()} is not in this build yet; use dry-run";
        }
        return config.VirtualServices.SelectMany(s => s.RealServers).FirstOrDefault(rs => rs.Checks.Count > 0) is { } checkedServer
            ? $"real server {checkedServer.Endpoint} has checks; health checkers are not in this build yet"
            : null;
    }
}
