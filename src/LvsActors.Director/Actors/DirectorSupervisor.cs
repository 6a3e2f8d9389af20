using Akka.Actor;
using Akka.Event;
using LvsActors.Director.Intent;
using LvsActors.Model;
using LvsActors.Table;

namespace LvsActors.Director.Actors;

/// <summary>
/// The root of one director: starts the data-plane actor and a VirtualServiceActor per service, and applies
/// reloads by name — an unchanged service is not touched, a changed one updates in place (its unchanged checkers
/// keep their state), a removed one leaves the table. Stopping the director leaves the kernel table as it is: the
/// next start reconciles it, so a restart drops no connection. The data plane itself belongs to whoever created it
/// (the run or demo command), which disposes it after the actor system stopped.
/// </summary>
public sealed class DirectorSupervisor : ReceiveActor, IWithTimers
{
    private readonly DirectorServices _services;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, (VirtualService Config, IActorRef Actor)> _virtualServices = new(StringComparer.Ordinal);
    private readonly IActorRef _dataPlane;
    private readonly AdminLink? _adminLink;
    private LvsConfig _config;
    private AdminStateChanged _admin = new(AdminIntent.Empty, -1);
    private bool _started;
    private TimeSpan _waited;

    /// <param name="admin">Where operator intent comes from (asked at start; its changes arrive on the event stream), and how
    /// long to wait for it before starting the services, so that a drained server does not get traffic while the journal recovers.</param>
    public DirectorSupervisor(LvsConfig config, IDataPlane dataPlane, DirectorServices services, DirectorSettings settings, AdminLink? admin = null)
    {
        _config = config;
        _services = services;
        _adminLink = admin;
        _dataPlane = Context.ActorOf(DataPlaneActor.Props(dataPlane, settings), "data-plane");
        Receive<Reload>(OnReload);
        Receive<GetAppliedTable>(get => _dataPlane.Forward(get));
        Receive<AdminStateChanged>(OnAdminStateChanged);
        Receive<AdminWriteFailed>(failed => _log.Debug("Operator intent not available yet: {Reason}", failed.Reason));
        Receive<AdminWaitElapsed>(_ => OnAdminWaitElapsed());
        Receive<Terminated>(OnServiceStopped);
        Receive<GetVirtualServices>(_ => Sender.Tell(new VirtualServiceActors(_virtualServices.ToDictionary(kv => kv.Key, kv => kv.Value.Actor))));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>
    /// The data-plane actor holds the only complete desired table, which no one could send it again: a failure in it
    /// resumes it with that table (its handlers change their state last). A virtual service that fails is stopped and
    /// started afresh from the configuration and intent as they are now — a restart would rebuild it from its original
    /// Props, with a configuration and intent that reloads and operators may have changed since; meanwhile the
    /// data plane keeps its kernel entry (KeptServices), so its connections stay.
    /// </summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(e =>
    {
        var child = Sender;
        _log.Error(e, "{Actor} failed: {Reason}", child.Path.Name, e.Message);
        return child.Equals(_dataPlane) ? Directive.Resume : Directive.Stop;
    });

    public static Props Props(LvsConfig config, IDataPlane dataPlane, DirectorServices services, DirectorSettings settings, AdminLink? admin = null) =>
        Akka.Actor.Props.Create(() => new DirectorSupervisor(config, dataPlane, services, settings, admin));

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(AdminStateChanged));
        Context.System.EventStream.Publish(new ConfigurationApplied(_config));
        if (_adminLink is null)
        {
            StartServices(null);
            return;
        }
        _adminLink.AdminState.Tell(GetAdminIntent.Instance);
        Timers.StartSingleTimer("admin-wait", AdminWaitElapsed.Instance, _adminLink.StartupWait);
    }

    // A single director's journal (or a cluster singleton's database) may be down for long: past the wait the services
    // start as configured. Replicated intent is this member's own copy, always read from its disk: they wait for it.
    private void OnAdminWaitElapsed()
    {
        if (_started)
        {
            return;
        }
        if (_adminLink is not { Replicated: true } link)
        {
            StartServices($"no operator intent within {_adminLink?.StartupWait}");
            return;
        }
        _waited += link.StartupWait;
        _log.Warning("Virtual services still wait for this director's copy of the replicated intent ({Waited} so far), so that no drained server gets traffic", _waited);
        Timers.StartSingleTimer("admin-wait", AdminWaitElapsed.Instance, link.StartupWait);
    }

    /// <summary>Starts the services once: with the operator intent, or without it (<paramref name="late"/> says why) after the wait.</summary>
    private void StartServices(string? late)
    {
        if (_started)
        {
            return;
        }
        _started = true;
        Timers.Cancel("admin-wait");
        var starting = _config.VirtualServices.Where(s => !_virtualServices.ContainsKey(s.Name)).ToList();
        _dataPlane.Tell(new AwaitServices(Configured(_config), starting.Select(s => s.Name).ToList()));
        foreach (var service in starting)
        {
            Start(service);
        }
        _log.Info("Director started: {VirtualServices} virtual services on the {DataPlane} data plane", _config.VirtualServices.Count, _config.DataPlane);
        if (late is not null)
        {
            _log.Warning("Virtual services started as configured, {Reason}: drains and overrides apply when the admin state answers", late);
        }
    }

    private void Start(VirtualService service)
    {
        var actor = Context.ActorOf(VirtualServiceActor.Props(service, _dataPlane, _services, _admin.Intent.For(service.Name)), ChildNames.Free(Context, "vs-" + service.Name));
        Context.Watch(actor);
        _virtualServices[service.Name] = (service, actor);
    }

    private static Dictionary<string, VirtualServiceKey> Configured(LvsConfig config) =>
        config.VirtualServices.ToDictionary(s => s.Name, s => s.Key, StringComparer.Ordinal);

    // A retired service stops on its own and is no longer listed; one still listed failed, and starts afresh.
    private void OnServiceStopped(Terminated stopped)
    {
        var failed = _virtualServices.Values.FirstOrDefault(v => v.Actor.Equals(stopped.ActorRef));
        if (failed.Actor is null)
        {
            return;
        }
        _log.Warning("Virtual service {VirtualService} stopped after a failure; starting it again", failed.Config.Name);
        _dataPlane.Tell(new AwaitServices(Configured(_config), [failed.Config.Name]));
        Start(failed.Config);
    }

    // The answer to the start-up query and the published changes may cross: an older version never overwrites a newer one.
    private void OnAdminStateChanged(AdminStateChanged changed)
    {
        if (changed.Version < _admin.Version)
        {
            return;
        }
        _admin = changed;
        foreach (var (_, actor) in _virtualServices.Values)
        {
            actor.Tell(changed);
        }
        StartServices(null);
    }

    private void OnReload(Reload reload)
    {
        var next = reload.Config.VirtualServices.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var retiring = _virtualServices.Where(kv => !next.ContainsKey(kv.Key)).ToList();
        var starting = reload.Config.VirtualServices.Where(s => !_virtualServices.ContainsKey(s.Name)).ToList();
        var updating = reload.Config.VirtualServices.Where(s => _virtualServices.TryGetValue(s.Name, out var current) && current.Config != s).ToList();
        // Every service that will report goes first, so that the data plane writes the reload as one change.
        if (_started)
        {
            _dataPlane.Tell(new AwaitServices(Configured(reload.Config), [.. retiring.Select(kv => kv.Key), .. starting.Select(s => s.Name), .. updating.Select(s => s.Name)]));
        }
        foreach (var (name, (_, actor)) in retiring)
        {
            Context.Unwatch(actor);
            actor.Tell(RetireVirtualService.Instance);
            _virtualServices.Remove(name);
        }
        foreach (var service in updating)
        {
            var current = _virtualServices[service.Name];
            current.Actor.Tell(new UpdateVirtualService(service));
            _virtualServices[service.Name] = (service, current.Actor);
        }
        if (_started)
        {
            starting.ForEach(Start);
        }
        int added = starting.Count, changed = updating.Count, removed = retiring.Count, unchanged = next.Count - added - changed;
        _config = reload.Config;
        Context.System.EventStream.Publish(new ConfigurationApplied(_config));
        _log.Info("Reloaded: {Added} added, {Changed} changed, {Removed} removed, {Unchanged} unchanged", added, changed, removed, unchanged);
        Sender.Tell(new Reloaded(added, changed, removed, unchanged));
    }

    private sealed record AdminWaitElapsed
    {
        public static readonly AdminWaitElapsed Instance = new();
    }
}
