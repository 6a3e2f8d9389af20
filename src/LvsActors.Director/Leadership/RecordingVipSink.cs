using System.Diagnostics;
using LvsActors.Model;

namespace LvsActors.Director.Leadership;

/// <summary>What a <see cref="RecordingVipSink"/> was asked to do, and when (Stopwatch ticks, shared by all sinks of a process).</summary>
public enum VipAction
{
    Claimed,
    Released,
    Announced,
    SyncMaster,
    SyncBackup,
    SyncBoth,
}

/// <summary>One entry of a node's ownership timeline.</summary>
public sealed record VipEvent(long Timestamp, string Node, VipAction Action, long Epoch);

/// <summary>
/// An in-memory VIP sink: keeps who holds what and a timestamped timeline, so that specs can sample ownership
/// across nodes and prove that claims never overlap. Thread-safe; used by the dry-run and userspace data planes too.
/// </summary>
public sealed class RecordingVipSink(string node) : IVipSink
{
    private readonly object _gate = new();
    private readonly List<VipEvent> _timeline = [];
    private readonly List<long> _renewals = [];
    private readonly List<(long, TimeSpan?)> _fences = [];
    private long _heldEpoch;

    /// <summary>The node this sink records for.</summary>
    public string Node { get; } = node;

    /// <summary>True while the VIPs are claimed.</summary>
    public bool Holds
    {
        get
        {
            lock (_gate)
            {
                return _heldEpoch != 0;
            }
        }
    }

    /// <summary>A copy of the timeline so far.</summary>
    public IReadOnlyList<VipEvent> Timeline
    {
        get
        {
            lock (_gate)
            {
                return _timeline.ToList();
            }
        }
    }

    public void Claim(long epoch, IReadOnlyList<Vip> vips, TimeSpan lifetime) => Record(VipAction.Claimed, epoch, () => _heldEpoch = epoch);

    /// <summary>Records when (Stopwatch ticks) the holder renewed; in memory the VIPs stay until released regardless.</summary>
    public void Renew(IReadOnlyList<Vip> vips, TimeSpan lifetime)
    {
        lock (_gate)
        {
            _renewals.Add(Stopwatch.GetTimestamp());
        }
    }

    /// <summary>When the holder renewed the VIPs' lifetime (Stopwatch ticks).</summary>
    public IReadOnlyList<long> Renewals
    {
        get
        {
            lock (_gate)
            {
                return _renewals.ToList();
            }
        }
    }

    /// <summary>Records the fence's deadline (a <see cref="Stopwatch"/> time); <see cref="Fences"/> lists them.</summary>
    public void Fence(IReadOnlyList<Vip> vips, TimeSpan? until)
    {
        lock (_gate)
        {
            _fences.Add((Stopwatch.GetTimestamp(), until));
        }
    }

    /// <summary>Each fence the holder set: when (Stopwatch ticks), and until when the kernel would answer (null: lifted).</summary>
    public IReadOnlyList<(long At, TimeSpan? Until)> Fences
    {
        get
        {
            lock (_gate)
            {
                return _fences.ToList();
            }
        }
    }

    public bool Release(long epoch, IReadOnlyList<Vip> vips)
    {
        Record(VipAction.Released, epoch, () => _heldEpoch = 0);
        return true;
    }

    public void Announce(IReadOnlyList<Vip> vips, int count) => Record(VipAction.Announced, _heldEpoch, () => { });

    public void SetSyncRole(SyncRole role, SyncDaemonSettings? settings) =>
        Record(role switch { SyncRole.Backup => VipAction.SyncBackup, SyncRole.Both => VipAction.SyncBoth, _ => VipAction.SyncMaster }, _heldEpoch, () => { });

    /// <summary>The intervals during which this node held the VIPs; an open interval ends at <paramref name="now"/>.</summary>
    public IReadOnlyList<(long From, long To, long Epoch)> Ownership(long now)
    {
        var intervals = new List<(long, long, long)>();
        long? from = null;
        long epoch = 0;
        foreach (var e in Timeline)
        {
            if (e.Action == VipAction.Claimed && from is null)
            {
                (from, epoch) = (e.Timestamp, e.Epoch);
            }
            else if (e.Action == VipAction.Released && from is { } start)
            {
                intervals.Add((start, e.Timestamp, epoch));
                from = null;
            }
        }
        if (from is { } open)
        {
            intervals.Add((open, now, epoch));
        }
        return intervals;
    }

    private void Record(VipAction action, long epoch, Action change)
    {
        lock (_gate)
        {
            // Only real changes of ownership go in as claims and releases, so the timeline reads as intervals.
            if ((action == VipAction.Claimed && _heldEpoch != 0) || (action == VipAction.Released && _heldEpoch == 0))
            {
                return;
            }
            change();
            _timeline.Add(new VipEvent(Stopwatch.GetTimestamp(), Node, action, epoch));
        }
    }
}
