using Akka.Actor;
using Akka.Cluster;
using Akka.DistributedData;
using Akka.Event;
using Akka.Persistence;
using LvsActors.Director.Actors;
using LvsActors.Director.Intent;
using LvsActors.Model;

namespace LvsActors.Director.Admin;

/// <summary>
/// Operator intent in a cluster, on every member: the replicated LWW map <see cref="IntentReplicationSettings.Key"/>
/// is the truth, read locally and written with a majority of the voters (each of which acknowledges only after its
/// intent store committed to disk). The journal (same persistence id as the single director's) is recovered once at start, so
/// that intent written before replication existed is carried into the map, and then takes every accepted event as
/// this member's audit trail. Changes are published on the local event stream as <see cref="AdminStateChanged"/>.
/// </summary>
public sealed class ReplicatedAdminState : ReceivePersistentActor, IWithTimers
{
    private static readonly LWWDictionaryKey<string, IntentEntry> MapKey = IntentReplicationSettings.MapKey;
    private readonly AdminSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IActorRef _replicator = DistributedData.Get(Context.System).Replicator;
    private readonly Cluster _cluster = Cluster.Get(Context.System);
    private LvsConfig _config;
    private AdminIntent _journal = AdminIntent.Empty;
    private LWWDictionary<string, IntentEntry> _map = LWWDictionary<string, IntentEntry>.Empty;
    private AdminIntent _intent = AdminIntent.Empty;
    private PendingWrite? _pending;
    private bool _loaded;

    public ReplicatedAdminState(LvsConfig config, AdminSettings settings)
    {
        _config = config;
        _settings = settings;
        Recover<SnapshotOffer>(offer => _journal = (AdminIntent)offer.Snapshot);
        Recover<IAdminEvent>(e => _journal = _journal.Apply(e));
        Recover<RecoveryCompleted>(_ => _replicator.Tell(Dsl.Get(MapKey, ReadLocal.Instance)));
        Command<GetSuccess>(got => Read(got.Get(MapKey), got.Request));
        Command<NotFound>(got => Read(LWWDictionary<string, IntentEntry>.Empty, got.Request));
        // While a write waits for its majority, the local copy already holds it: it is not applied before it is
        // acknowledged (or withdrawn); the copy is read back once the write is decided.
        Command<Changed>(changed =>
        {
            if (_pending is null)
            {
                Merged(changed.Get(MapKey));
            }
        });
        Command<IAdminCommand>(OnCommand);
        Command<GetAdminIntent>(_ => Sender.Tell(Current()));
        // Once the replicator holds a write, its copy is read back: this actor never changes a map itself, so the
        // replicator's copy is the only one (two copies written by one member could disagree on that member's dots).
        Command<UpdateSuccess>(done => _replicator.Tell(Dsl.Get(MapKey, ReadLocal.Instance, done.Request)));
        Command<UpdateTimeout>(_ => Refuse($"a majority of the voters (at least {_settings.Replication.Quorum} of {_settings.Replication.Voters}) did not store the write within {_settings.Replication.WriteTimeout.TotalSeconds:0.#}s"));
        Command<StoreFailure>(_ => Refuse("this director's intent store (its SQLite file) did not take the write"));
        Command<IUpdateFailure>(f => Refuse($"the replicated write failed ({f.GetType().Name})"));
        Command<ConfigurationApplied>(applied => _config = applied.Config);
        Command<DrainDeadline>(d => Self.Tell(new CompleteDrain(d.VirtualService, d.RealServer, "drain timeout elapsed", "director"), Self));
        Command<AdminWriteResult>(_ => { });
    }

    public override string PersistenceId => _settings.PersistenceId;

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(LvsConfig config, AdminSettings settings) => Akka.Actor.Props.Create(() => new ReplicatedAdminState(config, settings));

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(ConfigurationApplied));

    // The map as this member's intent store held it (the replicator answers only after loading it) plus what the old journal
    // knew and the map lacks; only then is the intent published, so the data plane starts with it.
    private void Read(LWWDictionary<string, IntentEntry> map, object? request)
    {
        if (!_loaded)
        {
            Loaded(map);
        }
        else if (request is PendingWrite write && ReferenceEquals(write, _pending))
        {
            Written(map, write);
        }
        else if (request is Withdrawal w && ReferenceEquals(w.Write, _pending))
        {
            _pending = null;
            Merged(map);
            Stash.UnstashAll();
        }
        else
        {
            Merged(map);
        }
    }

    private void Loaded(LWWDictionary<string, IntentEntry> map)
    {
        var now = DateTimeOffset.UtcNow;
        var imported = ReplicatedIntent.Import(_journal, map.Entries.Keys.ToHashSet(), ReplicatedIntent.NextClock(ReplicatedIntent.Version(map.Entries.Values), now), now);
        _journal = AdminIntent.Empty;
        if (imported.Count > 0)
        {
            // Written on this member's disk only: the others may not be up yet. Gossip spreads it; the next start,
            // finding the keys in the map, imports nothing again.
            _log.Info("Admin: carrying {Entries} entries of operator intent from the journal {Journal} into the replicated intent", imported.Count, _settings.Journal.Location);
            _replicator.Tell(Dsl.Update(MapKey, LWWDictionary<string, IntentEntry>.Empty, WriteLocal.Instance, null,
                m => imported.Aggregate(m, (acc, e) => acc.SetItem(_cluster, e.Key, e, (_, v) => v.Clock))));
            return;
        }
        _loaded = true;
        _replicator.Tell(Dsl.Subscribe(MapKey, Self));
        Merged(map);
        _log.Info("Admin state loaded from the replicated intent at version {Version}: {Services} virtual services with operator intent", Version, _intent.Services.Count);
        Context.Parent.Tell(AdminStateRecovered.Instance);
    }

    private long Version => ReplicatedIntent.Version(_map.Entries.Values);

    private AdminStateChanged Current() => new(_intent, Version);

    private void Merged(LWWDictionary<string, IntentEntry> map)
    {
        _map = map;
        _intent = ReplicatedIntent.Fold(_map.Entries.Values);
        foreach (var (service, server, drain) in _intent.PendingDrains())
        {
            var due = drain.Deadline - DateTimeOffset.UtcNow;
            Timers.StartSingleTimer($"drain/{service}/{server}", new DrainDeadline(service, server), due > TimeSpan.Zero ? due : TimeSpan.Zero);
        }
        Context.System.EventStream.Publish(Current());
    }

    private void OnCommand(IAdminCommand command)
    {
        if (_pending is not null)
        {
            // One write at a time: the next command is decided against the intent the previous one left.
            Stash.Stash();
            return;
        }
        var now = DateTimeOffset.UtcNow;
        var decision = AdminDecisions.Decide(_config, _intent, command, now, _settings.DrainTimeout);
        if (decision.Rejection is { } rejected)
        {
            Sender.Tell(rejected);
            return;
        }
        if (decision.Event is not { } e)
        {
            Sender.Tell(new AdminWriteAccepted(Version, null));
            return;
        }
        var replication = _settings.Replication;
        var (up, reachable) = Voters();
        // Counted against the configured voters, and never fewer than a majority of the members up now: a cluster
        // whose members joined without seed-nodes or expected-voters still writes to a majority of what it is.
        var quorum = Math.Max(replication.Quorum, up / 2 + 1);
        var voters = Math.Max(replication.Voters, up);
        if (reachable < quorum)
        {
            Sender.Tell(new AdminWriteFailed(
                $"only {reachable} of {voters} voters are reachable and a write needs {quorum} to hold it; nothing was changed, this director keeps serving the intent it has"));
            return;
        }
        var entry = ReplicatedIntent.EntryFor(_intent.Apply(e), e, ReplicatedIntent.NextClock(Version, now));
        _pending = new PendingWrite(Sender, e, entry, _map.Entries.GetValueOrDefault(entry.Key));
        _replicator.Tell(Dsl.Update(MapKey, LWWDictionary<string, IntentEntry>.Empty, new WriteMajority(replication.WriteTimeout, quorum), _pending,
            m => m.SetItem(_cluster, entry.Key, entry, (_, v) => v.Clock)));
    }

    private (int Up, int Reachable) Voters()
    {
        var state = _cluster.State;
        var up = state.Members.Where(m => m.Status == MemberStatus.Up).ToList();
        return (up.Count, up.Count(m => !state.Unreachable.Contains(m)));
    }

    private void Written(LWWDictionary<string, IntentEntry> map, PendingWrite write)
    {
        _pending = null;
        Merged(map);
        _log.Info("Admin: {Event} for {VirtualService} by {By} (version {Version}, on a majority)", write.Event.GetType().Name, write.Event.VirtualService, write.Event.By, Version);
        write.ReplyTo.Tell(new AdminWriteAccepted(Version, write.Event));
        Context.System.EventStream.Publish(write.Event);
        // The audit trail follows the acknowledged write; a journal that fails loses an audit line, never the intent.
        Persist(write.Event, _ => { });
        Stash.UnstashAll();
    }

    // A write short of a majority may already sit in this member's copy (and in a minority's): it is withdrawn by
    // writing the previous value again with a newer clock, which wins wherever the refused one went.
    private void Refuse(string reason)
    {
        if (_pending is not { } write)
        {
            return;
        }
        var previous = write.Previous ?? write.Entry with { Server = null, Maintenance = false };
        var withdrawn = previous with { Clock = ReplicatedIntent.NextClock(Math.Max(Version, write.Entry.Clock), DateTimeOffset.UtcNow), By = "withdrawn: " + write.Event.By };
        _replicator.Tell(Dsl.Update(MapKey, LWWDictionary<string, IntentEntry>.Empty, WriteLocal.Instance, null,
            m => m.SetItem(_cluster, withdrawn.Key, withdrawn, (_, v) => v.Clock)));
        // Still pending (commands wait, changes are not applied) until the withdrawal is read back from the local copy.
        _replicator.Tell(Dsl.Get(MapKey, ReadLocal.Instance, new Withdrawal(write)));
        _log.Warning("Admin: {Event} for {VirtualService} refused: {Reason}", write.Event.GetType().Name, write.Event.VirtualService, reason);
        write.ReplyTo.Tell(new AdminWriteFailed($"{reason}; the write was withdrawn, nothing was changed"));
    }

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        _log.Warning("Admin audit journal {Journal} did not take {Event}: {Reason}; the intent itself is replicated", _settings.Journal.Location, @event.GetType().Name, AdminJournalLog.Reason(cause));
        Context.Parent.Tell(new AdminJournalFailed(AdminJournalLog.Reason(cause), cause is Akka.Pattern.OpenCircuitException));
    }

    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        Context.Parent.Tell(new AdminJournalFailed(AdminJournalLog.Reason(reason), reason is Akka.Pattern.OpenCircuitException));
        if (message is not null)
        {
            base.OnRecoveryFailure(reason, message);
        }
    }

    private sealed record PendingWrite(IActorRef ReplyTo, IAdminEvent Event, IntentEntry Entry, IntentEntry? Previous);

    private sealed record Withdrawal(PendingWrite Write);

    private sealed record DrainDeadline(string VirtualService, string RealServer);
}
