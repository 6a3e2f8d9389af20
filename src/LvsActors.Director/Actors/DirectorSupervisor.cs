using Akka.Actor;
using Akka.Event;
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
    private LvsConfig _config;

    public DirectorSupervisor(LvsConfig config, IDataPlane dataPlane, DirectorServices services, DirectorSettings settings)
    {
        _config = config;
        _services = services;
        _dataPlane = Context.ActorOf(DataPlaneActor.Props(dataPlane, settings), "data-plane");
        Receive<Reload>(OnReload);
        Receive<GetAppliedTable>(get => _dataPlane.Forward(get));
    }

    public static Props Props(LvsConfig config, IDataPlane dataPlane, DirectorServices services, DirectorSettings settings) =>
        Akka.Actor.Props.Create(() => new DirectorSupervisor(config, dataPlane, services, settings));

    protected override void PreStart()
    {
        foreach (var service in _config.VirtualServices)
        {
            Start(service);
        }
        _log.Info("Director started: {VirtualServices} virtual services on the {DataPlane} data plane", _config.VirtualServices.Count, _config.DataPlane);
    }

    private void Start(VirtualService service) =>
        _virtualServices[service.Name] = (service, Context.ActorOf(VirtualServiceActor.Props(service, _dataPlane, _services), ChildNames.Free(Context, "vs-" + service.Name)));

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
        _log.Info("Reloaded: {Added} added, {Changed} changed, {Removed} removed, {Unchanged} unchanged", added, changed, removed, unchanged);
        Sender.Tell(new Reloaded(added, changed, removed, unchanged));
    }
}
