using System.Diagnostics;
using Akka.Actor;
using LvsActors.Director.Checks;
using LvsActors.Model;

namespace LvsActors.Director.Actors;

/// <summary>
/// Runs one checker on its timer with keepalived's semantics: the first probe after a random warmup delay (so ten
/// thousand checkers do not fire in the same millisecond); then every delay-loop; after a failure, up to
/// <c>retry</c> more probes spaced by delay-before-retry before the server is declared down; one success brings it
/// back. It tells its parent only about transitions (and weight changes while up). A checker with a loop of its own
/// (<see cref="ILoopingHealthChecker"/>) repeats its probe there and reports only what would change something here:
/// a failure while up, a success while down, and every retry's result; the decisions stay in this actor.
/// </summary>
public sealed class HealthCheckActor : ReceiveActor, IWithTimers
{
    private const string ProbeTimer = "probe";
    private readonly int _index;
    private readonly CheckTiming _timing;
    private readonly IHealthChecker _checker;
    private readonly string _kind;
    private readonly string _service;
    private readonly Endpoint _realServer;
    private bool _up;
    private int? _weight;
    private int _retriesLeft;
    private IProbeLoop? _loop;

    public HealthCheckActor(int index, HealthCheckSpec spec, IHealthChecker checker, bool startUp, string service, Endpoint realServer)
    {
        _kind = spec.Kind;
        _service = service;
        _realServer = realServer;
        _index = index;
        _timing = spec.Timing;
        _checker = checker;
        _up = startUp;
        _retriesLeft = spec.Timing.Retry;
        Receive<Probe>(_ => StartProbe());
        Receive<Probed>(OnProbed);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="startUp">False under alpha: down until the first success.</param>
    /// <param name="service">The virtual service and <paramref name="realServer"/> name the <see cref="CheckProbed"/> events.</param>
    public static Props Props(int index, HealthCheckSpec spec, IHealthChecker checker, bool startUp, string service = "", Endpoint realServer = default) =>
        Akka.Actor.Props.Create(() => new HealthCheckActor(index, spec, checker, startUp, service, realServer));

    protected override void PreStart()
    {
        if (_checker is ILoopingHealthChecker looping)
        {
            _loop = looping.StartLoop(_timing.DelayLoop, _timing.ConnectTimeout, new LoopOwner(Self, Context.System.EventStream, this));
        }
        ProbeAfter(FirstProbeDelay(_timing, Random.Shared));
    }

    protected override void PostStop() => _loop?.Dispose();

    private void StartProbe()
    {
        var timeout = _timing.ConnectTimeout;
        var started = Stopwatch.GetTimestamp();
        // No cancellation beyond the probe's own timeout: a probe still running when this actor stops ends by
        // itself within it, and not linking a token to every probe saves work on the ten-thousand-a-second path.
        _checker.CheckAsync(timeout, CancellationToken.None).PipeTo(Self,
            success: r => new Probed(r, Stopwatch.GetElapsedTime(started)),
            failure: e => new Probed(CheckResult.Failure($"checker failed: {e.GetBaseException().Message}"), Stopwatch.GetElapsedTime(started)));
    }

    private void OnProbed(Probed probed)
    {
        var result = probed.Result;
        if (_loop is null)
        {
            // A loop's owner publishes every probe of the loop, reported or not.
            Context.System.EventStream.Publish(Event(result, probed.Duration));
        }
        if (result.Up)
        {
            _retriesLeft = _timing.Retry;
            if (!_up || result.Weight != _weight)
            {
                _up = true;
                _weight = result.Weight;
                Context.Parent.Tell(new CheckStateChanged(_index, true, result.Reason, result.Weight));
            }
            ProbeAfter(NextLoop(probed));
            return;
        }
        if (_up && _retriesLeft > 0)
        {
            _retriesLeft--;
            ProbeAfter(_timing.DelayBeforeRetry);
            return;
        }
        if (_up)
        {
            _up = false;
            _weight = null;
            Context.Parent.Tell(new CheckStateChanged(_index, false, result.Reason, null));
        }
        ProbeAfter(NextLoop(probed));
    }

    /// <summary>
    /// The next probe after <paramref name="delay"/>: on this actor's timer, or in the checker's loop, which is told
    /// what to report: every retry (a success resets the retries), else the first result that changes the verdict.
    /// </summary>
    private void ProbeAfter(TimeSpan delay)
    {
        if (_loop is null)
        {
            Timers.StartSingleTimer(ProbeTimer, Probe.Instance, delay);
            return;
        }
        var retrying = _up && _retriesLeft < _timing.Retry;
        _loop.Run(delay, retrying ? ProbeUntil.Next : _up ? ProbeUntil.Failure : ProbeUntil.Success);
    }

    private CheckProbed Event(CheckResult result, TimeSpan duration) => new(_service, _realServer, _index, _kind, result.Up, duration);

    /// <summary>A uniformly random part of the warmup, so that checkers started together do not probe together.</summary>
    internal static TimeSpan FirstProbeDelay(CheckTiming timing, Random random) =>
        timing.EffectiveWarmup > TimeSpan.Zero ? TimeSpan.FromTicks(random.NextInt64(timing.EffectiveWarmup.Ticks)) : TimeSpan.Zero;

    /// <summary>The next probe a delay loop after this one started, so that slow probes do not stretch the loop.</summary>
    private TimeSpan NextLoop(Probed probed) => probed.Duration < _timing.DelayLoop ? _timing.DelayLoop - probed.Duration : TimeSpan.Zero;

    private sealed record Probe
    {
        public static readonly Probe Instance = new();
    }

    private sealed record Probed(CheckResult Result, TimeSpan Duration);

    /// <summary>
    /// Hears the loop on its thread: publishes every probe, as the timer path does, and hands this actor the reported
    /// ones. Reads only fields of the actor that never change.
    /// </summary>
    private sealed class LoopOwner(IActorRef self, Akka.Event.EventStream events, HealthCheckActor actor) : IProbeLoopOwner
    {
        public void Probed(CheckResult result, TimeSpan duration, bool reported)
        {
            events.Publish(actor.Event(result, duration));
            if (reported)
            {
                self.Tell(new Probed(result, duration));
            }
        }
    }
}
