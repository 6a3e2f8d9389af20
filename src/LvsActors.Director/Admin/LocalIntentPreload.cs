using Akka.Actor;
using Akka.DistributedData;
using Akka.Event;
using LvsActors.Director.Intent;

namespace LvsActors.Director.Admin;

/// <summary>
/// Publishes this member's copy of the replicated intent as soon as the replicator has read it from disk, before the
/// audit journal has recovered: the journal only carries old intent over (once, on the first start with replication),
/// and under load its recovery took 10–38 s, while the services waited for it and a drained server got new
/// connections. A copy that holds intent is published at once; an empty one may still be waiting for the journal to
/// carry intent over, so it is published only after the start-up wait. Stopped by its parent once the intent is loaded.
/// </summary>
public sealed class LocalIntentPreload : ReceiveActor, IWithTimers
{
    private static readonly LWWDictionaryKey<string, IntentEntry> MapKey = IntentReplicationSettings.MapKey;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly TimeSpan _emptyWait;

    public LocalIntentPreload(TimeSpan emptyWait)
    {
        _emptyWait = emptyWait;
        Receive<GetSuccess>(got =>
        {
            var map = got.Get(MapKey);
            if (map.Count > 0)
            {
                Publish(map);
            }
            else
            {
                WaitForJournal();
            }
        });
        Receive<NotFound>(_ => WaitForJournal());
        Receive<EmptyWaitElapsed>(_ => Publish(LWWDictionary<string, IntentEntry>.Empty));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(TimeSpan emptyWait) => Akka.Actor.Props.Create(() => new LocalIntentPreload(emptyWait));

    // The replicator answers only once it has loaded its durable store.
    protected override void PreStart() => DistributedData.Get(Context.System).Replicator.Tell(Dsl.Get(MapKey, ReadLocal.Instance));

    private void Publish(LWWDictionary<string, IntentEntry> map)
    {
        var version = ReplicatedIntent.Version(map.Entries.Values);
        _log.Info("Operator intent read from this director's copy at version {Version} ({Entries} entries); the services start with it", version, map.Count);
        Context.System.EventStream.Publish(new AdminStateChanged(ReplicatedIntent.Fold(map.Entries.Values), version));
        Context.Stop(Self);
    }

    private void WaitForJournal() => Timers.StartSingleTimer("empty", EmptyWaitElapsed.Instance, _emptyWait);

    private sealed record EmptyWaitElapsed
    {
        public static readonly EmptyWaitElapsed Instance = new();
    }
}
