using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using LvsActors.Model;
using LvsActors.Table;

namespace LvsActors.Director.Actors;

/// <summary>
/// The only writer to the data plane: its mailbox is the lock. It keeps the whole desired table, and applies it —
/// not a log of commands — whenever it changed, coalescing bursts so that a thousand services changing at once cost
/// one reconcile. A failed write is logged, published, and retried after a back-off; nothing is lost, because the
/// next attempt applies the whole desired table again.
/// <para>
/// At start and on reload the director says which services are about to report (<see cref="AwaitServices"/>): no
/// write happens until every one of them has, so the first apply is the whole table at once — a director restarted
/// over a programmed kernel writes nothing, and a reload writes only what changed. If some stay silent past
/// <c>lvs.director.await-services</c>, what did report is applied with additions and updates only. A configured
/// service the table has not heard from is never removed (<see cref="KeptServices"/>): its connections stay.
/// </para>
/// </summary>
public sealed class DataPlaneActor : ReceiveActor, IWithTimers
{
    private const string ApplyTimer = "apply";
    private const string AwaitTimer = "await-services";
    private readonly IDataPlane _dataPlane;
    private readonly DirectorSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    // Keyed by the virtual-service actor that sent it: each actor's own messages arrive in order, so a retired
    // service's removal can never overtake or undo the entry of a newer actor with the same name.
    private readonly Dictionary<IActorRef, (string Name, ServiceEntry Entry, long Sequence)> _desired = [];
    private long _sequence;
    private IReadOnlyDictionary<string, ServiceEntry> _applied = new Dictionary<string, ServiceEntry>();
    // What the configuration has, by service name, and who of it has not reported since the last start or reload.
    private IReadOnlyDictionary<string, VirtualServiceKey> _configured = new Dictionary<string, VirtualServiceKey>();
    private readonly HashSet<string> _awaited = new(StringComparer.Ordinal);
    private bool _awaitElapsed;
    private bool _applying;
    private bool _dirty;
    private int _failures;

    public DataPlaneActor(IDataPlane dataPlane, DirectorSettings settings)
    {
        _dataPlane = dataPlane;
        _settings = settings;
        Receive<AwaitServices>(OnAwaitServices);
        Receive<DesiredServiceState>(OnDesired);
        Receive<Terminated>(OnServiceStopped);
        Receive<AwaitElapsed>(_ => OnAwaitElapsed());
        Receive<Apply>(_ => StartApply());
        Receive<Applied>(OnApplied);
        Receive<ApplyFailed>(OnFailed);
        Receive<GetAppliedTable>(_ => Sender.Tell(new AppliedTable(_applied)));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IDataPlane dataPlane, DirectorSettings settings) =>
        Akka.Actor.Props.Create(() => new DataPlaneActor(dataPlane, settings));

    private void OnAwaitServices(AwaitServices awaited)
    {
        _configured = awaited.Configured;
        _awaited.UnionWith(awaited.Reporting);
        if (_awaited.Count == 0)
        {
            return;
        }
        _awaitElapsed = false;
        Timers.StartSingleTimer(AwaitTimer, AwaitElapsed.Instance, _settings.AwaitServices);
    }

    private void OnDesired(DesiredServiceState state)
    {
        var changed = state.Entry is null ? _desired.Remove(Sender) : !_desired.TryGetValue(Sender, out var old) || old.Entry != state.Entry;
        if (state.Entry is not null)
        {
            _desired[Sender] = (state.VirtualService, state.Entry, ++_sequence);
            Context.Watch(Sender);
        }
        else
        {
            Context.Unwatch(Sender);
        }
        _dirty |= changed;
        if (_awaited.Remove(state.VirtualService) && _awaited.Count == 0)
        {
            Timers.Cancel(AwaitTimer);
            if (_awaitElapsed)
            {
                _log.Info("Data plane {DataPlane}: every virtual service reported; the table is whole again", _dataPlane.Name);
                _dirty = true;
            }
            _awaitElapsed = false;
        }
        ScheduleApply();
    }

    // A service that stopped without withdrawing (it failed, and the director starts it afresh) leaves the desired
    // table; KeptServices keeps its kernel entry until its successor reports.
    private void OnServiceStopped(Terminated stopped) => _dirty |= _desired.Remove(stopped.ActorRef);

    private void OnAwaitElapsed()
    {
        if (_awaited.Count == 0)
        {
            return;
        }
        _awaitElapsed = true;
        _log.Warning("Data plane {DataPlane}: {Count} virtual services did not report within {Wait} ({Names}); applying the others, adding and updating only, until they do",
            _dataPlane.Name, _awaited.Count, _settings.AwaitServices, string.Join(", ", _awaited.Order(StringComparer.Ordinal).Take(10)));
        _dirty = true;
        ScheduleApply();
    }

    private void ScheduleApply()
    {
        if (_dirty && !_applying && !Timers.IsTimerActive(ApplyTimer))
        {
            Timers.StartSingleTimer(ApplyTimer, Apply.Instance, _settings.ApplyCoalesce);
        }
    }

    private void StartApply()
    {
        var waiting = _awaited.Count > 0 && !_awaitElapsed;
        if (_applying || !_dirty || waiting)
        {
            return;
        }
        _applying = true;
        _dirty = false;
        // While a renamed service hands over, two actors may want the same kernel key: the newest word wins.
        var snapshot = _desired.Values
            .OrderByDescending(d => d.Sequence)
            .DistinctBy(d => d.Entry.Key)
            .OrderBy(d => d.Sequence)
            .ToDictionary(d => d.Name, d => d.Entry, StringComparer.Ordinal);
        var wanted = snapshot.Values.Select(e => e.Key).ToHashSet();
        var kept = _awaited.Count > 0
            ? KeptServices.All
            : new KeptServices(_configured.Values.Where(k => !wanted.Contains(k)).ToHashSet());
        var stopwatch = Stopwatch.StartNew();
        _dataPlane.ApplyAsync(snapshot.Values.ToList(), CancellationToken.None, kept).PipeTo(
            Self,
            success: changes => new Applied(snapshot, changes, stopwatch.Elapsed),
            failure: e => new ApplyFailed(e));
    }

    private void OnApplied(Applied applied)
    {
        _applying = false;
        _failures = 0;
        _applied = applied.Table;
        if (applied.Changes.Count > 0)
        {
            _log.Info("Data plane {DataPlane}: {Changes} changes in {Milliseconds:0.0} ms: {Summary}", _dataPlane.Name, applied.Changes.Count,
                applied.Duration.TotalMilliseconds, string.Join("; ", applied.Changes.Take(10)));
            Context.System.EventStream.Publish(new TableApplied(applied.Changes, applied.Duration));
        }
        if (_dirty)
        {
            Self.Tell(Apply.Instance);
        }
    }

    private void OnFailed(ApplyFailed failed)
    {
        _applying = false;
        _dirty = true;
        _failures++;
        var delay = TimeSpan.FromTicks(Math.Min(_settings.RetryBackoffMax.Ticks, _settings.RetryBackoff.Ticks << Math.Min(_failures - 1, 10)));
        var reason = failed.Cause is AggregateException { InnerException: { } inner } ? inner.Message : failed.Cause.Message;
        _log.Error("Data plane {DataPlane} refused the table (attempt {Attempt}), retrying in {Delay}: {Reason}", _dataPlane.Name, _failures, delay, reason);
        Context.System.EventStream.Publish(new TableApplyFailed(reason));
        Timers.StartSingleTimer(ApplyTimer, Apply.Instance, delay);
    }

    private sealed record Apply
    {
        public static readonly Apply Instance = new();
    }

    private sealed record AwaitElapsed
    {
        public static readonly AwaitElapsed Instance = new();
    }

    private sealed record Applied(IReadOnlyDictionary<string, ServiceEntry> Table, IReadOnlyList<TableChange> Changes, TimeSpan Duration);

    private sealed record ApplyFailed(Exception Cause);
}
