using System.CommandLine;
using LvsActors.Director;
using LvsActors.Director.Actors;
using LvsActors.Director.Checks;
using LvsActors.Director.Hosting;
using LvsActors.Director.Notify;

namespace LvsActors.Cli.Commands;

/// <summary>
/// <c>lvsactors run --config FILE</c>: one director, end to end, on the data plane the configuration names, as a
/// service (systemd Type=notify; SIGHUP or <c>lvsactors reload</c> re-reads the file — an invalid file is reported and
/// the running configuration kept; SIGTERM or Ctrl-C stops it and leaves the table programmed, so a restart drops no
/// connection). On a cluster member with the ipvs data plane, leadership puts the VIPs on their interfaces; with the
/// userspace or dry-run data plane it only decides and shows the owner.
/// </summary>
internal static class RunCommand
{
    private static readonly Option<string?> ConfigFile = new("--config") { Description = "The configuration file (re-read on SIGHUP and `lvsactors reload`)" };

    // `run FILE` reads as well as `run --config FILE`, as systemd units and keepalived habits write it.
    private static readonly Argument<string?> File = new("file") { Description = "The configuration file, as an alternative to --config", Arity = ArgumentArity.ZeroOrOne };
    private static readonly Option<TimeSpan?> For = GlobalOptions.Duration("--for", "Stop by itself after this long (e.g. 30s); for tests and demos");

    public static Command Create()
    {
        var command = new Command("run", "Run the director: health checks, the table, the admin API; reload on SIGHUP") { ConfigFile, For, File };
        command.SetAction(async (parse, cancellation) =>
        {
            if ((parse.GetValue(ConfigFile) ?? parse.GetValue(File)) is not { } path)
            {
                Console.Error.WriteLine("run: give the configuration file: lvsactors run --config FILE");
                return ExitCodes.Invalid;
            }
            var first = ConfigFiles.Load(path);
            if (!first.IsValid)
            {
                first.Errors.ToList().ForEach(e => Console.Error.WriteLine(e));
                return ExitCodes.Invalid;
            }
            var config = first.Value!;
            var level = parse.GetValue(GlobalOptions.LogLevel) ?? config.Log.Level;
            using var log = GlobalOptions.Logger(parse, config.Log, queued: true);
            // Akka.Logger.Serilog writes to the static logger.
            Serilog.Log.Logger = log;
            InsecureClusterWarning.Log(config, path, log);
            // This command made the data plane, so it disposes it, after the director and its actors have stopped.
            await using var dataPlane = DataPlaneChoice.Create(config.DataPlane, log, config.Cluster.Mode == LvsActors.Model.ClusterMode.ActiveActive);
            if (dataPlane is null)
            {
                return ExitCodes.Failed;
            }
            var akka = DirectorHost.ToAkkaConfig(first.Document);
            var settings = DirectorSettings.Create(akka);
            var vipSink = VipSinkChoice.Create(dataPlane, akka, log, config.Cluster.Mode == LvsActors.Model.ClusterMode.ActiveActive);
            // The kernel sink's sockets close after RunAsync returns: the host's shutdown still releases the VIPs through them.
            using var kernelSink = vipSink as IDisposable;
            var services = new DirectorServices(HealthCheckers.Create, new ProcessNotifier(settings.NotifyTimeout, log));
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            if (parse.GetValue(For) is { } duration)
            {
                stop.CancelAfter(duration);
            }
            return await DirectorProcess.RunAsync(
                new DirectorProcessOptions(() => ConfigFiles.Load(path), dataPlane, dataPlane as Director.DataPlanes.IDataPlaneStats, services, log, level,
                    vipSink, path), stop.Token);
        });
        return command;
    }

}
