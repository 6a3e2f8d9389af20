using System.Diagnostics;
using Akka.Actor;
using LvsActors.Director.Checks;
using LvsActors.Model;

namespace LvsActors.Director.Actors;

/// <summary>
/// Runs one checker on its timer with keepalived's semantics: the first probe after a random warmup delay (so ten
/// thousand checkers do not fire in the same millisecond); then every delay-loop; after a failure, up to
/// <c>retry</c> more probes spaced by delay-before-retry before the server is declared down; one success brings it
/// back. It tells its parent only about transitions (and weight changes while up).
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
        Timers.StartSingleTimer(ProbeTimer, Probe.Instance, FirstProbeDelay(_timing, Random.Shared));
    }

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
        Context.System.EventStream.Publish(new CheckProbed(_service, _realServer, _index, _kind, result.Up, probed.Duration));
        if (result.Up)
        {
            _retriesLeft = _timing.Retry;
            if (!_up || result.Weight != _weight)
            {
                _up = true;
                _weight = result.Weight;
                Context.Parent.Tell(new CheckStateChanged(_index, true, result.Reason, result.Weight));
            }
            Timers.StartSingleTimer(ProbeTimer, Probe.Instance, NextLoop(probed));
            return;
        }
        if (_up && _retriesLeft > 0)
        {
            _retriesLeft--;
            Timers.StartSingleTimer(ProbeTimer, Probe.Instance, _timing.DelayBeforeRetry);
            return;
        }
        if (_up)
        {
            _up = false;
            _weight = null;
            Context.Parent.Tell(new CheckStateChanged(_index, false, result.Reason, null));
        }
        Timers.StartSingleTimer(ProbeTimer, Probe.Instance, NextLoop(probed));
    }

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
}
