using System.Runtime.InteropServices;
using Akka.Actor;
using LvsActors.Configuration;
using LvsActors.Director.Actors;
using LvsActors.Director.Admin;
using LvsActors.Director.Admin.Api;
using LvsActors.Director.DataPlanes;
using LvsActors.Linux.Interop;
using LvsActors.Model;
using LvsActors.Table;

namespace LvsActors.Director.Hosting;

/// <summary>What a director process runs on.</summary>
/// <param name="Load">Reads and validates the configuration file (again on every reload).</param>
/// <param name="LogLevel">The least severe level logged, so Akka.NET skips what Serilog would drop.</param>
/// <param name="VipSink">Where leadership puts the VIPs on a cluster member; null: in memory (see DirectorHost.Start).</param>
/// <param name="ConfigFile">The file named in the start-up line, logged once SIGHUP is handled (null: no line).</param>
public sealed record DirectorProcessOptions(
    Func<ConfigResult<LvsConfig>> Load, IDataPlane DataPlane, IDataPlaneStats? Stats, DirectorServices Services, Serilog.ILogger Log, LogLevel LogLevel,
    Leadership.IVipSink? VipSink = null, string? ConfigFile = null);

/// <summary>
/// A director as a service: starts the actors and the admin API, tells systemd (READY, RELOADING, STOPPING), reloads
/// the configuration file on SIGHUP or POST /api/v1/reload (an invalid file changes nothing and is logged), and stops
/// on SIGTERM or SIGINT, leaving the kernel table as it is so that a restart drops no connection. When the actor
/// system stops by itself (the majority downed this member), it starts a new one in the same process and rejoins.
/// </summary>
public sealed class DirectorProcess
{
    private readonly DirectorProcessOptions _options;
    private readonly SemaphoreSlim _reloading = new(1, 1);
    private readonly SdNotify? _notify = SdNotify.FromEnvironment();
    private DirectorHost? _host;

    // Set once the first actor system runs: a SIGHUP that arrives during start-up (systemd's ExecReload, an operator
    // who edited the file) waits for it and is then applied, rather than failing or being lost.
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private DirectorProcess(DirectorProcessOptions options) => _options = options;

    /// <summary>Runs until <paramref name="stop"/> fires or a SIGTERM/SIGINT arrives; returns the exit code.</summary>
    public static async Task<int> RunAsync(DirectorProcessOptions options, CancellationToken stop)
    {
        var process = new DirectorProcess(options);
        try
        {
            return await process.RunAsync(stop);
        }
        finally
        {
            process._notify?.Dispose();
        }
    }

    private async Task<int> RunAsync(CancellationToken stop)
    {
        var log = _options.Log;
        // First of all: SIGHUP's default action ends the process, and a reload asked for during start-up waits for
        // the director to run (see _started) and is then applied. Under nohup SIGHUP comes in ignored, and .NET would
        // never deliver it: it means reload here however the director was started, as it does for keepalived.
        // The registration also starts the runtime's signal thread, before SetPriorities, which leaves that thread
        // under the normal scheduler (ProcessPriority.SetRealtime says why).
        if (SignalDisposition.UnignoreInheritedHangup())
        {
            log.Information("SIGHUP was inherited as ignored (nohup?); the director reloads on it all the same");
        }
        using var hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            _ = ReloadOnSignalAsync();
        });
        // Said only now: "reload with SIGHUP" is true from this line on (an operator or a test may signal at once).
        if (_options.ConfigFile is { } file)
        {
            log.Information("Director starting with {File}; reload with SIGHUP, stop with SIGTERM", file);
        }
        ThreadPoolFloor.Apply();
        var loaded = LoadSafely();
        if (!loaded.IsValid)
        {
            foreach (var error in loaded.Errors)
            {
                log.Error("Configuration: {ConfigError}", error.ToString());
            }
            return 2;
        }
        // Before the actor system may write: a journal that is not ours stops here, untouched, rather than being
        // retried forever or, when empty, taken as a new one that has forgotten every drain and override.
        var akka = DirectorHost.ToAkkaConfig(loaded.Document);
        if (SqliteJournalCheck.AtStart(akka) is { } journal)
        {
            if (journal.Problem is { } problem)
            {
                log.Error("Admin journal {JournalPath}: {Problem}; the director does not start and leaves it as it is: restore the journal "
                    + "from a backup, or remove it (or set lvs.admin.journal.path elsewhere) to start a new one without the operator intent", journal.Path, problem);
                return 2;
            }
            if (journal.IsNew)
            {
                log.Information("New admin journal at {JournalPath}", journal.Path);
            }
        }
        SetPriorities(DirectorSettings.Create(akka));
        // Started after the priorities so that its thread has the director's: it measures what the lease's threads get.
        using var lag = LagWatch.Start(log);
        using var quiet = AdminJournalLog.Quieten(debug: _options.LogLevel is LogLevel.Debug or LogLevel.Verbose);
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stop);
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        var config = loaded.Value!;
        for (var incarnation = 1; ; incarnation++)
        {
            var outcome = await RunIncarnationAsync(config, loaded.Document, incarnation, stopping.Token);
            if (outcome is not null)
            {
                return outcome.Value;
            }
            // The actor system stopped by itself: the majority downed this member (a blip it was on the wrong side
            // of, or a freeze). A director without its actors directs nothing, and a restart by the service manager
            // took 1-6 minutes in the lab; a new actor system on the same address is a new incarnation of this
            // member that the others let in at once. The table stays as it is meanwhile, as across a restart.
            var delay = Leadership.LeadershipSettings.Create(akka).RejoinDelay;
            try
            {
                await Task.Delay(delay, stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return 0;
            }
            // The file as it is now: what a restart would have read; the last good one if it became invalid.
            if (LoadSafely() is { IsValid: true } again)
            {
                (config, loaded) = (again.Value!, again);
            }
        }

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            log.Information("{Signal}: stopping; the VIPs go first, then this director leaves the cluster", context.Signal);
            stopping.Cancel();
        }
    }

    // Before the actor system starts its threads, which then take the values from the threads that start them.
    private void SetPriorities(DirectorSettings settings)
    {
        var log = _options.Log;
        if (settings.Nice != 0)
        {
            if (ProcessPriority.Set(settings.Nice) is { } failure)
            {
                log.Warning("lvs.director.nice = {Nice} not set ({Failure}): the director's threads run at the priority it was started with, "
                    + "and on a busy host its lease renewals wait behind other work", settings.Nice, failure);
            }
            else
            {
                log.Information("Director threads at nice {Nice} (lvs.director.nice)", settings.Nice);
            }
        }
        if (settings.RealtimePriority is var priority and not 0)
        {
            if (ProcessPriority.SetRealtime(priority, out var level) is { } failure)
            {
                log.Warning("lvs.director.realtime-priority = {Priority} not set ({Failure}): the director's threads run under the normal scheduler, "
                    + "and a machine busy with other work can delay its lease renewals", priority, failure);
                return;
            }
            // Threads started from now on are under SCHED_RR too (ProcessPriority.SetRealtime); the programs it starts are not.
            if (level == priority)
            {
                log.Information("Director threads at real-time priority {Priority}, SCHED_RR (lvs.director.realtime-priority)", priority);
            }
            else
            {
                log.Information("Director threads at real-time priority {Level}, SCHED_RR, not the {Priority} of lvs.director.realtime-priority: "
                    + "the .NET runtime starts every new thread at {Level}, and a director whose threads ran at two priorities starved itself", level, priority, level);
            }
        }
    }

    /// <summary>
    /// One actor system and admin API, from start until a stop request (an exit code) or until the actor system
    /// stopped by itself (null: start a new one and rejoin).
    /// </summary>
    private async Task<int?> RunIncarnationAsync(LvsConfig config, Configuration.Hocon.HoconObject? document, int incarnation, CancellationToken stop)
    {
        var log = _options.Log;
        DirectorHost host;
        try
        {
            host = DirectorHost.Start(config, document, _options.DataPlane, _options.Services, _options.LogLevel, _options.VipSink, joinLater: true);
        }
        catch (Exception e) when (incarnation > 1)
        {
            // The old system's port can linger for a moment; try again after the rejoin delay rather than exit.
            log.Error("Rejoin {Incarnation}: the actor system did not start ({Reason}); trying again", incarnation, e.Message);
            return null;
        }
        await using var owned = _host = host;
        _started.TrySetResult();
        AdminApi? api = null;
        if (host.AdminSettings.Api.Enabled)
        {
            try
            {
                api = await AdminApi.StartAsync(new AdminApiOptions(host, _options.DataPlane.Name, _options.Stats, ReloadAsync, log), stop);
            }
            catch (IOException e)
            {
                log.Error("Admin API cannot listen on {Bind} (lvs.admin.api.bind): {Reason}", host.AdminSettings.Api.Bind, e.Message);
                return 1;
            }
            catch (AdminApiConfigException e)
            {
                // A configuration error like any other: one line that says what and where, exit 2, no stack trace.
                log.Error("{Error}", e.Message);
                return 2;
            }
        }
        try
        {
            // Only now, with the actors started and the admin API listening, may this director become a VIP owner.
            host.JoinCluster();
            Notify("READY=1", incarnation == 1
                ? $"STATUS=directing {config.VirtualServices.Count} virtual services"
                : $"STATUS=directing {config.VirtualServices.Count} virtual services (rejoined, incarnation {incarnation})");
            var stopped = await Task.WhenAny(Task.Delay(Timeout.Infinite, stop), host.System.WhenTerminated);
            var reason = CoordinatedShutdown.Get(host.System).ShutdownReason;
            // Only a downing or a failed TLS handshake rejoins. Akka.NET's own exit hook (ClrExitReason; off unless the
            // file turns akka.coordinated-shutdown.run-by-clr-shutdown-hook on) is a stop: the kernel lab saw a director
            // rejoin and claim the VIPs after it when the hook ran ahead of this director's SIGTERM handler.
            if (stopped == host.System.WhenTerminated && !stop.IsCancellationRequested && RejoinsInProcess(reason))
            {
                log.Warning("The actor system stopped ({Reason}); starting a new one to rejoin the cluster as incarnation {Incarnation}", reason, incarnation + 1);
                return null;
            }
            if (stopped == host.System.WhenTerminated && !stop.IsCancellationRequested && reason is not CoordinatedShutdown.ClrExitReason)
            {
                log.Error("The actor system stopped ({Reason}); exiting so that the service manager restarts the director", reason?.ToString() ?? "no reason given");
                return 1;
            }
            Notify("STOPPING=1", "STATUS=stopping");
            log.Information("Director stopping; the table stays as it is until the next start reconciles it");
            // The actor system first, the admin API after: its shutdown gives up the VIPs and leaves the cluster, which
            // must not wait behind the API's open requests (keepalived's VRRP child, on SIGTERM, sends its priority-0
            // advert and drops the VIPs at once).
            await host.System.Terminate();
            return 0;
        }
        finally
        {
            if (api is not null)
            {
                await api.DisposeAsync();
            }
        }
    }

    // Akka.Remote 1.5.73 stops the whole actor system when a TLS handshake it started fails (TcpClientHandler runs
    // CoordinatedShutdown with its internal TlsHandshakeFailureReason, exit code 79) — also when the peer was merely
    // stopping mid-handshake, as a leaving director does: the lab saw the two remaining directors lose their majority
    // that way. Like a downing, it is answered with a new incarnation in this process, not an exit and a restart.
    private static bool RejoinsInProcess(CoordinatedShutdown.Reason? reason) =>
        reason is CoordinatedShutdown.ClusterDowningReason || reason?.GetType().Name == "TlsHandshakeFailureReason";

    /// <summary>SIGHUP: nobody awaits the reload, so a failure to apply is logged here; the director keeps running.</summary>
    private async Task ReloadOnSignalAsync()
    {
        try
        {
            await ReloadAsync(CancellationToken.None);
        }
        catch (Exception e)
        {
            _options.Log.Error(e, "Reload failed while applying the configuration; the director keeps running");
        }
    }

    /// <summary>Re-reads the file and applies it; one reload at a time. Invalid: nothing changes, the errors are returned.</summary>
    private async Task<ReloadOutcome> ReloadAsync(CancellationToken cancellationToken)
    {
        await _started.Task.WaitAsync(cancellationToken);
        await _reloading.WaitAsync(cancellationToken);
        try
        {
            _notify?.Reloading("reloading the configuration");
            var loaded = LoadSafely();
            if (!loaded.IsValid)
            {
                var errors = loaded.Errors.Select(e => e.ToString()).ToList();
                foreach (var error in errors)
                {
                    _options.Log.Error("Reload refused, the running configuration stays: {ConfigError}", error);
                }
                Notify("READY=1", "STATUS=reload refused: the configuration file is invalid");
                return new ReloadOutcome(null, errors);
            }
            try
            {
                var reloaded = await _host!.ReloadAsync(loaded.Value!, TimeSpan.FromSeconds(30));
                Notify("READY=1", $"STATUS=directing {loaded.Value!.VirtualServices.Count} virtual services (reloaded)");
                return new ReloadOutcome(reloaded, []);
            }
            catch
            {
                // systemd waits in RELOADING until told otherwise: always answer READY, whatever the reload did.
                // The caller logs the failure, once: the signal handler below, or the admin API under a correlation id.
                Notify("READY=1", "STATUS=reload failed, see the log");
                throw;
            }
        }
        finally
        {
            _reloading.Release();
        }
    }

    /// <summary>The loader reports errors rather than throwing; should one throw anyway, the reload is refused, not the process.</summary>
    private ConfigResult<LvsConfig> LoadSafely()
    {
        try
        {
            return _options.Load();
        }
        catch (Exception e)
        {
            return new ConfigResult<LvsConfig>(null, [new ConfigError(null, "", $"{LvsConfigLoader.InternalError} ({e.GetType().Name}: {e.Message})")]);
        }
    }

    private void Notify(params string[] lines)
    {
        if (_notify?.Send(lines) is { } error)
        {
            _options.Log.Warning("sd_notify {Notification} failed: {Reason}", lines[0], error);
        }
    }
}
