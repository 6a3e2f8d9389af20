using Akka.Actor;
using Akka.Event;
using LvsActors.Director.Anycast;
using LvsActors.Director.Intent;
using LvsActors.Model;
using LvsActors.Table;

namespace LvsActors.Director.Actors;

/// <summary>
/// One virtual service: owns a RealServerActor per real server, tracks their health and the service's quorum, and
/// sends the data-plane actor the table entry it wants whenever that entry changes — never otherwise.
/// </summary>
public sealed class VirtualServiceActor : ReceiveActor
{
    private readonly IActorRef _dataPlane;
    private readonly DirectorServices _services;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<Endpoint, IActorRef> _realServers = [];
    private readonly Dictionary<Endpoint, (bool Up, int Weight)> _health = [];
    // The service as configured, and as operated: with real servers added or removed at runtime (AdminOverlay).
    private VirtualService _configured;
    private VirtualService _config;
    private ServiceIntent _intent;
    private bool _quorumUp;
    private ServiceEntry? _sent;
    // The real servers a majority of active-active directors sees down; null until the first agreement (and always in
    // active-standby): this director's own checks decide alone.
    private HashSet<Endpoint>? _agreedDown;

    public VirtualServiceActor(VirtualService config, IActorRef dataPlane, DirectorServices services, ServiceIntent? intent = null)
    {
        _configured = config;
        _intent = intent ?? ServiceIntent.Empty;
        _config = AdminOverlay.Effective(config, _intent);
        _dataPlane = dataPlane;
        _services = services;
        Receive<RealServerStateChanged>(OnRealServerChanged);
        Receive<Terminated>(OnRealServerStopped);
        Receive<UpdateVirtualService>(update =>
        {
            _configured = update.VirtualService;
            // The data plane waits for this service's word on a reload, even when the entry stays the same.
            Reconcile(AdminOverlay.Effective(_configured, _intent), always: true);
        });
        Receive<AdminStateChanged>(changed =>
        {
            _intent = changed.Intent.For(_configured.Name);
            Reconcile(AdminOverlay.Effective(_configured, _intent));
        });
        Receive<GetServiceStatus>(_ => Sender.Tell(ServiceStatus.Of(_config, Health, _quorumUp, _intent, _sent)));
        // Active-active (docs/ACTIVE-ACTIVE.md): the directors agree on the real servers' health, and the table follows
        // the agreement rather than this director's checks alone; this director's own verdicts go into it.
        Receive<AgreedVerdicts>(agreed =>
        {
            if (agreed.VirtualService == _configured.Name && (_agreedDown is null || !_agreedDown.SetEquals(agreed.Down)))
            {
                _agreedDown = [.. agreed.Down];
                Publish();
            }
        });
        Receive<GetLocalVerdicts>(_ => Sender.Tell(Verdicts()));
        Receive<RetireVirtualService>(_ =>
        {
            _dataPlane.Tell(new DesiredServiceState(_config.Name, null));
            Context.Stop(Self);
        });
    }

    /// <param name="intent">Operator intent for this service as last known (runtime real servers, drains, …).</param>
    public static Props Props(VirtualService config, IActorRef dataPlane, DirectorServices services, ServiceIntent? intent = null) =>
        Akka.Actor.Props.Create(() => new VirtualServiceActor(config, dataPlane, services, intent));

    protected override void PreStart()
    {
        foreach (var rs in _config.RealServers)
        {
            StartRealServer(rs);
        }
        _quorumUp = ServiceState.LiveWeight(_config, Health) >= _config.Quorum.Minimum;
        Context.System.EventStream.Subscribe(Self, typeof(AgreedVerdicts));
        Publish();
    }

    protected override void PostStop()
    {
        Context.System.EventStream.Unsubscribe(Self);
        if (_config.Omega && _quorumUp && _config.Quorum.Down is { } down)
        {
            NotifyQuorum(down, "quorum-down");
        }
    }

    /// <summary>
    /// A real server that fails is stopped and started afresh from the service as it is now: a restart would rebuild
    /// it from its original Props, with a configuration a reload may have changed since. It keeps its last health
    /// here until the new one reports, so the table does not move meanwhile.
    /// </summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(e =>
    {
        _log.Error(e, "{VirtualService}: real server actor {Actor} failed: {Reason}", _config.Name, Sender.Path.Name, e.Message);
        return Directive.Stop;
    });

    private void StartRealServer(RealServer rs, bool keepHealth = false)
    {
        var child = Context.ActorOf(
            RealServerActor.Props(_config.Name, rs, _config.Alpha, _config.Omega, _services, keepHealth ? _health[rs.Endpoint] : null),
            ChildNames.Free(Context, Uri.EscapeDataString(rs.Endpoint.ToString())));
        Context.Watch(child);
        _realServers[rs.Endpoint] = child;
        if (!keepHealth)
        {
            _health[rs.Endpoint] = RealServerActor.InitialState(rs, _config.Alpha);
        }
    }

    // A real server removed by a reload or intent is no longer listed; one still listed failed, and starts afresh.
    private void OnRealServerStopped(Terminated stopped)
    {
        var (endpoint, child) = _realServers.FirstOrDefault(kv => kv.Value.Equals(stopped.ActorRef));
        if (child is null)
        {
            return;
        }
        _log.Warning("{VirtualService}: real server {RealServer} stopped after a failure; starting it again", _config.Name, endpoint);
        StartRealServer(_config.RealServers.First(rs => rs.Endpoint == endpoint), keepHealth: true);
    }

    private void OnRealServerChanged(RealServerStateChanged changed)
    {
        if (!_realServers.TryGetValue(changed.RealServer, out var child) || !child.Equals(Sender))
        {
            return;
        }
        _health[changed.RealServer] = (changed.Up, changed.Weight);
        _log.Info("{VirtualService}: real server {RealServer} is {State}, weight {Weight} ({Reason})", _config.Name, changed.RealServer, changed.Up ? "up" : "down", changed.Weight, changed.Reason);
        Context.System.EventStream.Publish(changed);
        Context.System.EventStream.Publish(Verdicts());
        Publish();
    }

    // The health the table is built from: this director's checks, or in active-active the directors' agreement on
    // who is down (each server's weight stays this director's: the same configuration, the same dynamic weights).
    private IReadOnlyDictionary<Endpoint, (bool Up, int Weight)> Health => _agreedDown is not { } down
        ? _health
        : _health.ToDictionary(kv => kv.Key, kv => (!down.Contains(kv.Key), kv.Value.Weight));

    private LocalVerdicts Verdicts() => new(_configured.Name, _health.Where(kv => !kv.Value.Up).Select(kv => kv.Key).OrderBy(e => e.ToString(), StringComparer.Ordinal).ToList());

    /// <summary>Moves to a new effective service: starts, stops or updates real servers, then publishes.</summary>
    private void Reconcile(VirtualService next, bool always = false)
    {
        var wanted = next.RealServers.ToDictionary(rs => rs.Endpoint);
        foreach (var (endpoint, child) in _realServers.ToList().Where(kv => !wanted.ContainsKey(kv.Key)))
        {
            Context.Unwatch(child);
            Context.Stop(child);
            _realServers.Remove(endpoint);
            _health.Remove(endpoint);
        }
        var old = _config.RealServers.ToDictionary(rs => rs.Endpoint);
        _config = next;
        foreach (var rs in next.RealServers)
        {
            if (!_realServers.TryGetValue(rs.Endpoint, out var child))
            {
                StartRealServer(rs);
            }
            else if (old[rs.Endpoint] != rs)
            {
                child.Tell(new UpdateRealServer(rs));
            }
        }
        Publish(always);
    }

    /// <summary>Recomputes quorum and the table entry; sends the entry only when it differs from the last one sent, or <paramref name="always"/>.</summary>
    private void Publish(bool always = false)
    {
        var live = ServiceState.LiveWeight(_config, Health);
        var quorumUp = ServiceState.NextQuorum(_quorumUp, live, _config.Quorum);
        if (quorumUp != _quorumUp)
        {
            _quorumUp = quorumUp;
            _log.Warning("{VirtualService}: quorum {QuorumState} (live weight {LiveWeight}, quorum {Quorum}, hysteresis {Hysteresis})", _config.Name, quorumUp ? "regained" : "lost",
                live, _config.Quorum.Minimum, _config.Quorum.Hysteresis);
            Context.System.EventStream.Publish(new QuorumChanged(_config.Name, quorumUp, (int)Math.Min(live, int.MaxValue)));
            if ((quorumUp ? _config.Quorum.Up : _config.Quorum.Down) is { } command)
            {
                NotifyQuorum(command, quorumUp ? "quorum-up" : "quorum-down");
            }
        }
        var entry = ServiceState.Desired(_config, Health, _quorumUp, _intent);
        if (entry == _sent && !always)
        {
            return;
        }
        _sent = entry;
        _dataPlane.Tell(new DesiredServiceState(_config.Name, entry));
    }

    private void NotifyQuorum(NotifyCommand command, string evt) =>
        _services.Notifier.Run(command, new Dictionary<string, string> { ["LVS_EVENT"] = evt, ["LVS_VIRTUAL_SERVICE"] = _config.Name });
}
