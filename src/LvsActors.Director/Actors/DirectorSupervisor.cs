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
public sealed class DirectorSupervisor : ReceiveActor
{
    private readonly DirectorServices _services;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, (VirtualService Config, IActorRef Actor)> _virtualServices = new(StringComparer.Ordinal);
    private readonly IActorRef _dataPlane;
    private readonly IActorRef? _adminState;
    private LvsConfig _config;
    private AdminStateChanged _admin = new(AdminIntent.Empty, -1);

    /// <param name="adminState">The AdminState (or its singleton proxy) to ask for operator intent at start; its changes arrive on the event stream.</param>
    public DirectorSupervisor(LvsConfig config, IDataPlane dataPlane, DirectorServices services, DirectorSettings settings, IActorRef? adminState = null)
    {
        _config = config;
        _services = services;
        _adminState = adminState;
        _dataPlane = Context.ActorOf(DataPlaneActor.Props(dataPlane, settings), "data-plane");
        Receive<Reload>(OnReload);
        Receive<GetAppliedTable>(get => _dataPlane.Forward(get));
        Receive<AdminStateChanged>(OnAdminStateChanged);
        Receive<AdminWriteFailed>(failed => _log.Warning("Operator intent not available yet: {Reason}", failed.Reason));
        Receive<GetVirtualServices>(_ => Sender.Tell(new VirtualServiceActors(_virtualServices.ToDictionary(kv => kv.Key, kv => kv.Value.Actor))));
    }

    public static Props Props(LvsConfig config, IDataPlane dataPlane, DirectorServices services, DirectorSettings settings, IActorRef? adminState = null) =>
        Akka.Actor.Props.Create(() => new DirectorSupervisor(config, dataPlane, services, settings, adminState));

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(AdminStateChanged));
        _adminState?.Tell(GetAdminIntent.Instance);
        Context.System.EventStream.Publish(new ConfigurationApplied(_config));
        foreach (var service in _config.VirtualServices)
        {
            Start(service);
        }
        _log.Info("Director started: {VirtualServices} virtual services on the {DataPlane} data plane", _config.VirtualServices.Count, _config.DataPlane);
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
}
