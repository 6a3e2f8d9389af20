using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Akka.Pattern;
using Akka.Persistence;
using LvsActors.Director.Actors;
using LvsActors.Director.Intent;
using LvsActors.Model;

namespace LvsActors.Director.Admin;

/// <summary>
/// Operator intent that survives: drains, weight overrides, maintenance, real servers added or removed at runtime,
/// event-sourced on Akka.Persistence.Sql. A command is answered only after its event is in the journal; when the
/// journal refuses, the sender hears <see cref="AdminWriteFailed"/> and the actor stops so that its
/// <see cref="AdminStateHost"/> restarts it (recovering from the journal) once the journal is back.
/// Every change is published as <see cref="AdminStateChanged"/>: on the event stream for one director, on the
/// distributed pub-sub topic <see cref="Topic"/> in a cluster (where this actor is a singleton), and there again every
/// <see cref="Republish"/>: a member whose subscription the mediators had not yet gossiped when a change went out
/// would otherwise keep the old intent until the next change.
/// </summary>
public sealed class AdminState : ReceivePersistentActor, IWithTimers
{
    /// <summary>The distributed pub-sub topic of <see cref="AdminStateChanged"/> in a cluster.</summary>
    public const string Topic = "lvs-admin-state";

    /// <summary>How often a clustered AdminState publishes its intent again, changed or not (the relays drop repeats).</summary>
    public static readonly TimeSpan Republish = TimeSpan.FromSeconds(2);

    private readonly AdminSettings _settings;
    private readonly bool _clustered;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private LvsConfig _config;
    private AdminIntent _intent = AdminIntent.Empty;
    private IActorRef _writer = ActorRefs.Nobody;

    public AdminState(LvsConfig config, AdminSettings settings, bool clustered)
    {
        _config = config;
        _settings = settings;
        _clustered = clustered;
        Recover<SnapshotOffer>(offer => _intent = (AdminIntent)offer.Snapshot);
        Recover<IAdminEvent>(e => _intent = _intent.Apply(e));
        Recover<RecoveryCompleted>(_ =>
        {
            _log.Info("Admin state recovered at version {Version}: {Services} virtual services with operator intent", LastSequenceNr, _intent.Services.Count);
            foreach (var (service, server, drain) in _intent.PendingDrains())
            {
                StartDrainTimer(service, server, drain);
            }
            Context.Parent.Tell(AdminStateRecovered.Instance);
            Publish();
            if (_clustered)
            {
                Timers.StartPeriodicTimer(nameof(Republish), RepublishTick.Instance, Republish);
            }
        });
        Command<IAdminCommand>(OnCommand);
        Command<GetAdminIntent>(_ => Sender.Tell(new AdminStateChanged(_intent, LastSequenceNr)));
        Command<ConfigurationApplied>(applied => _config = applied.Config);
        // A timed-out drain goes through the mailbox like any command; its answer comes back here and needs nothing.
        Command<DrainDeadline>(d => Self.Tell(new CompleteDrain(d.VirtualService, d.RealServer, "drain timeout elapsed", "director"), Self));
        Command<AdminWriteResult>(_ => { });
        Command<RepublishTick>(_ => Publish());
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => _log.Warning("Admin state snapshot at version {Version} failed, recovery replays more events: {Reason}", f.Metadata.SequenceNr, f.Cause.Message));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(f => _log.Warning("Deleting old admin state snapshots failed: {Reason}", f.Cause.Message));
    }

    public override string PersistenceId => _settings.PersistenceId;

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(LvsConfig config, AdminSettings settings, bool clustered) =>
        Akka.Actor.Props.Create(() => new AdminState(config, settings, clustered));

    // Reloads happen on every node; the one this singleton runs on tells it the configuration to check commands against.
    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(ConfigurationApplied));

    private void OnCommand(IAdminCommand command)
    {
        var decision = AdminDecisions.Decide(_config, _intent, command, DateTimeOffset.UtcNow, _settings.DrainTimeout);
        if (decision.Rejection is { } rejected)
        {
            Sender.Tell(rejected);
            return;
        }
        if (decision.Event is not { } e)
        {
            Sender.Tell(new AdminWriteAccepted(LastSequenceNr, null));
            return;
        }
        _writer = Sender;
        Persist(e, persisted =>
        {
            _intent = _intent.Apply(persisted);
            _log.Info("Admin: {Event} for {VirtualService} by {By} (version {Version})", persisted.GetType().Name, persisted.VirtualService, persisted.By, LastSequenceNr);
            if (persisted is RealServerDrained d)
            {
                StartDrainTimer(d.VirtualService, d.RealServer, _intent.For(d.VirtualService).For(d.RealServer).Drain!);
            }
            _writer.Tell(new AdminWriteAccepted(LastSequenceNr, persisted));
            _writer = ActorRefs.Nobody;
            Context.System.EventStream.Publish(persisted);
            Publish();
            if (LastSequenceNr % _settings.SnapshotEvery == 0)
            {
                SaveSnapshot(_intent);
            }
        });
    }

    private void StartDrainTimer(string service, string server, Drain drain)
    {
        var due = drain.Deadline - DateTimeOffset.UtcNow;
        Timers.StartSingleTimer($"drain/{service}/{server}", new DrainDeadline(service, server), due > TimeSpan.Zero ? due : TimeSpan.Zero);
    }

    private void Publish()
    {
        var changed = new AdminStateChanged(_intent, LastSequenceNr);
        if (_clustered)
        {
            DistributedPubSub.Get(Context.System).Mediator.Tell(new Publish(Topic, changed));
        }
        else
        {
            Context.System.EventStream.Publish(changed);
        }
    }

    // A journal failure does not call the base, which logs the exception with its stack trace on every attempt: the
    // host logs one line per attempt with the reason. Akka.Persistence stops this actor after the callback all the same.
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        _writer.Tell(new AdminWriteFailed($"the admin journal did not take the write: {Reason(cause)}; nothing was changed"));
        Context.Parent.Tell(new AdminJournalFailed(Reason(cause), cause is OpenCircuitException));
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        _writer.Tell(new AdminWriteFailed($"the admin journal rejected the event: {Reason(cause)}; nothing was changed"));
        base.OnPersistRejected(cause, @event, sequenceNr);
    }

    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        Context.Parent.Tell(new AdminJournalFailed(Reason(reason), reason is OpenCircuitException));
        // An event that cannot be replayed is a bug, worth its stack trace; a journal that cannot be read is not.
        if (message is not null)
        {
            base.OnRecoveryFailure(reason, message);
        }
    }

    private static string Reason(Exception e) => AdminJournalLog.Reason(e);

    private sealed record DrainDeadline(string VirtualService, string RealServer);
}

/// <summary>Told by the AdminState to its host before it stops because the journal failed.</summary>
/// <param name="CircuitOpen">
/// Akka.Persistence's circuit breaker refused the call without trying (after repeated failures): the reason is that,
/// not the database's.
/// </param>
public sealed record AdminJournalFailed(string Reason, bool CircuitOpen = false);

/// <summary>Told by the AdminState to its host once recovery completed: commands can be taken.</summary>
public sealed record AdminStateRecovered
{
    public static readonly AdminStateRecovered Instance = new();
}

/// <summary>The AdminState's timer to publish its intent again in a cluster.</summary>
internal sealed record RepublishTick
{
    public static readonly RepublishTick Instance = new();
}
