using Akka.Actor;
using Akka.Event;
using LvsActors.Model;

namespace LvsActors.Director.Actors;

/// <summary>
/// One real server: owns a HealthCheckActor per check and folds their verdicts into Up (every check up; no checks
/// means always up) and an effective weight (the configured one, unless a dynamic check sets another). It tells its
/// virtual service only about changes, and runs notify-up / notify-down on transitions.
/// </summary>
public sealed class RealServerActor : ReceiveActor
{
    private readonly string _service;
    private readonly bool _alpha;
    private readonly bool _omega;
    private readonly DirectorServices _services;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly List<Check> _checks = [];
    private RealServer _config;
    private int _nextChild;
    private (bool Up, int Weight) _reported;

    /// <param name="reported">What the virtual service last heard, when this replaces a real server actor that failed:
    /// its checks start from it, so that the server neither flaps nor goes unreported.</param>
    public RealServerActor(string service, RealServer config, bool alpha, bool omega, DirectorServices services, (bool Up, int Weight)? reported = null)
    {
        _service = service;
        _config = config;
        _alpha = alpha;
        _omega = omega;
        _services = services;
        _reported = reported ?? InitialState(config, alpha);
        Receive<CheckStateChanged>(OnCheckChanged);
        Receive<UpdateRealServer>(OnUpdate);
        Receive<Terminated>(OnCheckStopped);
    }

    public static Props Props(string service, RealServer config, bool alpha, bool omega, DirectorServices services, (bool Up, int Weight)? reported = null) =>
        Akka.Actor.Props.Create(() => new RealServerActor(service, config, alpha, omega, services, reported));

    /// <summary>
    /// A check that fails is stopped and started afresh in the state this actor last knew of it: a restart would start
    /// it as a new check (up, or down under alpha), and a check that thinks itself up while its server is down here
    /// would never report the recovery.
    /// </summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(e =>
    {
        _log.Error(e, "{VirtualService} {RealServer}: check actor {Actor} failed: {Reason}", _service, _config.Endpoint, Sender.Path.Name, e.Message);
        return Directive.Stop;
    });

    /// <summary>What a new real server is before any check ran: up unless alpha says to wait for a first success.</summary>
    public static (bool Up, int Weight) InitialState(RealServer config, bool alpha) => (!alpha || config.Checks.Count == 0, config.Weight);

    protected override void PreStart()
    {
        foreach (var spec in _config.Checks)
        {
            _checks.Add(StartCheck(spec, _checks.Count, _reported.Up));
        }
    }

    protected override void PostStop()
    {
        // keepalived's omega: a server still up when we stop (shutdown, or removed by a reload) is reported down.
        if (_omega && _reported.Up && _config.NotifyDown is { } down)
        {
            Notify(down, "down", "director stopping");
        }
    }

    private Check StartCheck(HealthCheckSpec spec, int index, bool up)
    {
        var child = Context.ActorOf(
            HealthCheckActor.Props(index, spec, _services.CreateChecker(spec, _config), up, _service, _config.Endpoint), $"check-{_nextChild++}");
        Context.Watch(child);
        return new Check(spec, child, up, null);
    }

    // A check dropped by a reload is no longer listed; one still listed failed, and starts afresh as it was.
    private void OnCheckStopped(Terminated stopped)
    {
        var i = _checks.FindIndex(c => c.Actor.Equals(stopped.ActorRef));
        if (i < 0)
        {
            return;
        }
        _log.Warning("{VirtualService} {RealServer}: check {Check} stopped after a failure; starting it again", _service, _config.Endpoint, i);
        _checks[i] = StartCheck(_checks[i].Spec, i, _checks[i].Up) with { Weight = _checks[i].Weight };
    }

    private void OnCheckChanged(CheckStateChanged changed)
    {
        var i = _checks.FindIndex(c => c.Actor.Equals(Sender));
        if (i < 0)
        {
            return;
        }
        _checks[i] = _checks[i] with { Up = changed.Up, Weight = changed.Weight };
        _log.Info("{VirtualService} {RealServer} check {Check} ({CheckKind}) is {State}: {Reason}", _service, _config.Endpoint, changed.Check, _checks[i].Spec.Kind,
            changed.Up ? "up" : "down", changed.Reason);
        Report(changed.Reason);
    }

    private void OnUpdate(UpdateRealServer update)
    {
        var unused = new List<Check>(_checks);
        var next = new List<Check>();
        foreach (var spec in update.RealServer.Checks)
        {
            var same = unused.FindIndex(c => c.Spec == spec);
            if (same >= 0)
            {
                next.Add(unused[same]);
                unused.RemoveAt(same);
            }
            else
            {
                next.Add(StartCheck(spec, next.Count, !_alpha));
            }
        }
        unused.ForEach(c =>
        {
            Context.Unwatch(c.Actor);
            Context.Stop(c.Actor);
        });
        _checks.Clear();
        _checks.AddRange(next);
        _config = update.RealServer;
        Report("configuration reloaded");
    }

    private void Report(string reason)
    {
        var up = _checks.All(c => c.Up);
        var weight = _checks.FirstOrDefault(c => c.Up && c.Weight is not null)?.Weight ?? _config.Weight;
        if ((up, weight) == _reported)
        {
            return;
        }
        var wasUp = _reported.Up;
        _reported = (up, weight);
        Context.Parent.Tell(new RealServerStateChanged(_service, _config.Endpoint, up, weight, reason));
        if (up != wasUp && (up ? _config.NotifyUp : _config.NotifyDown) is { } command)
        {
            Notify(command, up ? "up" : "down", reason);
        }
    }

    private void Notify(NotifyCommand command, string state, string reason) =>
        _services.Notifier.Run(command, new Dictionary<string, string>
        {
            ["LVS_EVENT"] = $"real-server-{state}",
            ["LVS_VIRTUAL_SERVICE"] = _service,
            ["LVS_REAL_SERVER"] = _config.Endpoint.ToString(),
            ["LVS_REASON"] = reason,
        });

    private sealed record Check(HealthCheckSpec Spec, IActorRef Actor, bool Up, int? Weight);
}
