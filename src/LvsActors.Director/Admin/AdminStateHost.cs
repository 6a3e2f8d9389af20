using Akka.Actor;
using Akka.Event;
using LvsActors.Director.Actors;
using LvsActors.Director.Intent;
using LvsActors.Model;

namespace LvsActors.Director.Admin;

/// <summary>
/// Keeps an <see cref="AdminState"/> running and refuses work clearly while it cannot: when the journal fails, the
/// AdminState stops; until it is back (restarted every lvs.admin.journal.retry-interval), every command and query is
/// answered with <see cref="AdminWriteFailed"/> naming the journal's error, never silently dropped.
/// Each attempt that fails is logged once, with the journal plugin's reason (the plugin's own errors, with their stack
/// traces, are left out of the log by <see cref="AdminJournalLog"/>).
/// This is the actor at /user/admin-state on a single director and on every member of a cluster with replicated
/// intent, and the cluster singleton in a cluster without.
/// </summary>
public sealed class AdminStateHost : ReceiveActor, IWithTimers
{
    private const string RestartTimer = "restart";
    private readonly AdminSettings _settings;
    private readonly bool _clustered;
    private readonly bool _replicated;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private LvsConfig _config;
    private IActorRef? _child;
    private IActorRef? _preload;
    private bool _recovered;
    private DateTime _started;
    private string _lastFailure = "none";
    private string? _pluginFailure;

    /// <param name="replicated">Runs a <see cref="ReplicatedAdminState"/> (on every member of a cluster) instead of an <see cref="AdminState"/>.</param>
    public AdminStateHost(LvsConfig config, AdminSettings settings, bool clustered, bool replicated = false)
    {
        _config = config;
        _settings = settings;
        _clustered = clustered;
        _replicated = replicated;
        Receive<AdminJournalFailed>(OnJournalFailed);
        Receive<Error>(OnError);
        Receive<AdminStateRecovered>(_ =>
        {
            _recovered = true;
            _pluginFailure = null;
            if (_preload is not null)
            {
                Context.Stop(_preload);
                _preload = null;
            }
        });
        Receive<Terminated>(OnTerminated);
        Receive<Restart>(_ => StartChild());
        Receive<ConfigurationApplied>(applied => _config = applied.Config);
        ReceiveAny(OnMessage);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(LvsConfig config, AdminSettings settings, bool clustered, bool replicated = false) =>
        Akka.Actor.Props.Create(() => new AdminStateHost(config, settings, clustered, replicated));

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(ConfigurationApplied));
        // The journal plugin reports why the database fails only in its log; a recovery that merely timed out does not say.
        Context.System.EventStream.Subscribe(Self, typeof(Error));
        if (_replicated)
        {
            // This member's copy of the intent goes to the services before the journal has recovered (which may take
            // long, or fail and be retried): a child of this actor, so a journal failure does not stop it.
            _preload = Context.ActorOf(LocalIntentPreload.Props(_settings.StartupWait), "preload");
        }
        StartChild();
    }

    // The child stops itself on journal failures; restarting it is this actor's job, so no supervisor restarts it too.
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(e =>
    {
        _lastFailure = AdminJournalLog.Reason(e);
        return Directive.Stop;
    });

    private void StartChild()
    {
        _recovered = false;
        _started = DateTime.UtcNow;
        var props = _replicated ? ReplicatedAdminState.Props(_config, _settings) : AdminState.Props(_config, _settings, _clustered);
        _child = Context.Watch(Context.ActorOf(props, "journal"));
    }

    private void OnTerminated(Terminated terminated)
    {
        if (!terminated.ActorRef.Equals(_child))
        {
            return;
        }
        _child = null;
        if (_pluginFailure is not null)
        {
            _lastFailure = _pluginFailure;
        }
        _log.Error("Admin journal {Journal} unavailable: {Reason}; writes are refused, next attempt in {RetrySeconds}s",
            _settings.Journal.Location, _lastFailure, _settings.RetryInterval.TotalSeconds);
        Timers.StartSingleTimer(RestartTimer, Restart.Instance, _settings.RetryInterval);
    }

    private void OnJournalFailed(AdminJournalFailed failed)
    {
        // An open circuit breaker did not try the database at all: the database's last reason still says more.
        if (!failed.CircuitOpen || _lastFailure == "none")
        {
            _lastFailure = failed.Reason;
        }
    }

    private void OnError(Error error)
    {
        if (AdminJournalLog.IsPlugin(error.LogSource))
        {
            _pluginFailure = error.Cause is { } cause ? AdminJournalLog.Reason(cause) : error.Message?.ToString();
        }
    }

    private void OnMessage(object message)
    {
        if (_child is not null && (_recovered || message is not (IAdminCommand or GetAdminIntent)))
        {
            _child.Forward(message);
        }
        else if (_child is not null)
        {
            // Refused rather than queued: while the journal does not answer, recovery can last; the caller must know now.
            Sender.Tell(new AdminWriteFailed(
                $"the admin state is still recovering from its journal (for {(DateTime.UtcNow - _started).TotalSeconds:0.0}s; last journal error: {_lastFailure}); nothing was changed, try again"));
        }
        else if (message is IAdminCommand or GetAdminIntent)
        {
            Sender.Tell(new AdminWriteFailed($"the admin journal is unavailable ({_lastFailure}); the director retries every {_settings.RetryInterval.TotalSeconds:0.#}s; nothing was changed"));
        }
    }

    private sealed record Restart
    {
        public static readonly Restart Instance = new();
    }
}
