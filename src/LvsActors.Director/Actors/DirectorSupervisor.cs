using Akka.Actor;
using Akka.Event;
using LvsActors.Director.Admin;
using LvsActors.Director.DataPlanes;
using LvsActors.Model;

namespace LvsActors.Director.Actors;

/// <summary>
/// The root of one director: starts the data-plane actor and a VirtualServiceActor per service, and applies
/// reloads by name — an unchanged service is not touched, a changed one updates in place (its unchanged checkers
/// keep their state), a removed one leaves the table. Stopping the director leaves the kernel table as it is: the
/// next start reconciles it, so a restart drops no connection.
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
        Receive<AdminWaitElapsed>(_ => StartServices($"no operator intent within {_adminLink?.StartupWait}"));
        Receive<GetVirtualServices>(_ => Sender.Tell(new VirtualServiceActors(_virtualServices.ToDictionary(kv => kv.Key, kv => kv.Value.Actor))));
    }

    public ITimerScheduler Timers { get; set; } = null!;

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

    /// <summary>Starts the services once: with the operator intent, or without it (<paramref name="late"/> says why) after the wait.</summary>
    private void StartServices(string? late)
    {
        if (_started)
        {
            return;
        }
        _started = true;
        foreach (var service in _config.VirtualServices.Where(s => !_virtualServices.ContainsKey(s.Name)))
        {
            Start(service);
        }
        _log.Info("Director started: {VirtualServices} virtual services on the {DataPlane} data plane", _config.VirtualServices.Count, _config.DataPlane);
        if (late is not null)
        {
            _log.Warning("Virtual services started as configured, {Reason}: drains and overrides apply when the admin state answers", late);
        }
    }

    private void Start(VirtualService service) =>
        _virtualServices[service.Name] = (service, Context.ActorOf(VirtualServiceActor.Props(service, _dataPlane, _services, _admin.Intent.For(service.Name)),
            ChildNames.Free(Context, "vs-" + service.Name)));

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
        int added = 0, changed = 0, removed = 0, unchanged = 0;
        foreach (var (name, (_, actor)) in _virtualServices.ToList().Where(kv => !next.ContainsKey(kv.Key)))
        {
            actor.Tell(RetireVirtualService.Instance);
            _virtualServices.Remove(name);
            removed++;
        }
        foreach (var service in reload.Config.VirtualServices)
        {
            if (!_virtualServices.TryGetValue(service.Name, out var current))
            {
                Start(service);
                added++;
            }
            else if (current.Config != service)
            {
                current.Actor.Tell(new UpdateVirtualService(service));
                _virtualServices[service.Name] = (service, current.Actor);
                changed++;
            }
            else
            {
                unchanged++;
            }
        }
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
