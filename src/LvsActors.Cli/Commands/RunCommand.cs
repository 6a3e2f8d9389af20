using System.CommandLine;
using System.Runtime.InteropServices;
using LvsActors.Configuration;
using LvsActors.Director;
using LvsActors.Director.Actors;
using LvsActors.Director.Checks;
using LvsActors.Director.Notify;
using Serilog;

namespace LvsActors.Cli.Commands;

/// <summary>
/// <c>lvsactors run --config FILE</c>: one director, end to end, on the data plane the configuration names. SIGHUP
/// (or <c>systemctl reload</c>) re-reads the file: an invalid file is reported and the running configuration kept.
/// SIGTERM or Ctrl-C stops it and leaves the table programmed, so a restart drops no connection.
/// </summary>
internal static class RunCommand
{
    private static readonly Option<string> ConfigFile = new("--config") { Description = "The configuration file", Required = true };
    private static readonly Option<TimeSpan?> For = new("--for")
    {
        Description = "Stop by itself after this long (e.g. 30s); for tests and demos",
        CustomParser = r => DurationText.Parse(r.Tokens[0].Value) ?? Invalid(r),
    };

    private static TimeSpan? Invalid(System.CommandLine.Parsing.ArgumentResult result)
    {
        result.AddError($"'{result.Tokens[0].Value}' is not a duration; write e.g. 500ms, 30s, 5m");
        return null;
    }

    public static Command Create()
    {
        var command = new Command("run", "Run one director: health checks, the table, and reloads on SIGHUP") { ConfigFile, For };
        command.SetAction(async (parse, cancellation) =>
        {
            var path = parse.GetValue(ConfigFile)!;
            var loaded = ConfigFiles.Load(path);
            if (!loaded.IsValid)
            {
                loaded.Errors.ToList().ForEach(e => Console.Error.WriteLine(e));
                return ExitCodes.Invalid;
            }
            var config = loaded.Value!;
            using var log = GlobalOptions.Logger(parse, config.Log);
            Log.Logger = log;
            var dataPlane = DataPlaneChoice.Create(config.DataPlane, log);
            if (dataPlane is null)
            {
                return ExitCodes.Failed;
            }
            var settings = DirectorSettings.Create(DirectorHost.ToAkkaConfig(loaded.Document));
            var services = new DirectorServices(HealthCheckers.Create, new ProcessNotifier(settings.NotifyTimeout, log));
            await using var host = DirectorHost.Start(config, loaded.Document, dataPlane, services, parse.GetValue(GlobalOptions.LogLevel) ?? config.Log.Level);
            log.Information("Director running with {File}; reload with SIGHUP, stop with SIGTERM", path);

            var stop = new TaskCompletionSource();
            using var hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, signal =>
            {
                signal.Cancel = true;
                _ = ReloadAsync(host, path, log);
            });
            using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
            {
                signal.Cancel = true;
                stop.TrySetResult();
            });
            using var registration = cancellation.Register(() => stop.TrySetResult());
            var limit = parse.GetValue(For) is { } duration ? Task.Delay(duration, CancellationToken.None) : Task.Delay(Timeout.Infinite, CancellationToken.None);
            await Task.WhenAny(stop.Task, limit);
            log.Information("Director stopping; the table stays as it is");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task ReloadAsync(DirectorHost host, string path, ILogger log)
    {
        var loaded = ConfigFiles.Load(path);
        if (!loaded.IsValid)
        {
            foreach (var error in loaded.Errors)
            {
                log.Error("Reload refused, keeping the running configuration: {Error}", error.ToString());
            }
            return;
        }
        try
        {
            // The director logs what the reload changed.
            await host.ReloadAsync(loaded.Value!, TimeSpan.FromSeconds(30));
        }
        catch (Exception e)
        {
            log.Error("Reload of {File} failed: {Reason}", path, e.Message);
        }
    }
}
