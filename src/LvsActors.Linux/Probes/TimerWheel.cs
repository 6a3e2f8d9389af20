namespace LvsActors.Linux.Probes;

/// <summary>What a <see cref="TimerWheel"/> holds: at most one timer per entry, linked into its slot.</summary>
internal abstract class WheelEntry
{
    internal WheelEntry? Previous;
    internal WheelEntry? Next;
    internal long Due;
    internal int Slot = -1;

    /// <summary>
    /// True from when its timer expired until it is set again or cancelled: the owner may handle expiries later than
    /// they happen, and must skip one cancelled meanwhile.
    /// </summary>
    internal bool Expired;
}

/// <summary>
/// A hashed timer wheel in millisecond ticks, for one thread: setting and cancelling a timer is O(1) and allocates
/// nothing, which a min-heap of ten thousand timers (one start and one connect timeout per real server and second,
/// most timeouts cancelled) would not give. An entry due more than a turn ahead waits in its slot for later turns.
/// </summary>
internal sealed class TimerWheel
{
    private readonly WheelEntry?[] _slots;
    private readonly int _mask;
    private long _tick;

    /// <param name="slots">A power of two; a turn of the wheel is that many milliseconds.</param>
    /// <param name="now">The current tick; nothing is due before the next one.</param>
    public TimerWheel(int slots, long now)
    {
        if (slots <= 0 || (slots & (slots - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(slots), slots, "the number of slots must be a power of two");
        }
        _slots = new WheelEntry?[slots];
        _mask = slots - 1;
        _tick = now;
    }

    /// <summary>How many timers are set.</summary>
    public int Count { get; private set; }

    /// <summary>Sets <paramref name="entry"/>'s timer for tick <paramref name="due"/> (the next tick if that has passed), replacing one already set.</summary>
    public void Add(WheelEntry entry, long due)
    {
        Remove(entry);
        entry.Due = Math.Max(due, _tick + 1);
        var slot = (int)(entry.Due & _mask);
        var head = _slots[slot];
        entry.Previous = null;
        entry.Next = head;
        if (head is not null)
        {
            head.Previous = entry;
        }
        _slots[slot] = entry;
        entry.Slot = slot;
        Count++;
    }

    /// <summary>Cancels <paramref name="entry"/>'s timer, if set.</summary>
    public void Remove(WheelEntry entry)
    {
        entry.Expired = false;
        if (entry.Slot < 0)
        {
            return;
        }
        if (entry.Previous is null)
        {
            _slots[entry.Slot] = entry.Next;
        }
        else
        {
            entry.Previous.Next = entry.Next;
        }
        if (entry.Next is not null)
        {
            entry.Next.Previous = entry.Previous;
        }
        entry.Previous = entry.Next = null;
        entry.Slot = -1;
        Count--;
    }

    /// <summary>Moves to tick <paramref name="now"/>, unsetting, marking <see cref="WheelEntry.Expired"/> and adding to <paramref name="expired"/> every timer due by then.</summary>
    public void Advance(long now, List<WheelEntry> expired)
    {
        if (now <= _tick)
        {
            return;
        }
        // After a pause longer than a turn, one visit of every slot finds all that is due.
        var last = Math.Min(now, _tick + _slots.Length);
        for (var tick = _tick + 1; tick <= last; tick++)
        {
            var entry = _slots[tick & _mask];
            while (entry is not null)
            {
                var next = entry.Next;
                if (entry.Due <= now)
                {
                    Remove(entry);
                    entry.Expired = true;
                    expired.Add(entry);
                }
                entry = next;
            }
        }
        _tick = now;
    }

    /// <summary>Milliseconds from <paramref name="now"/> to the first slot holding a timer (perhaps one due a turn later), or −1 when none is set.</summary>
    public int MillisecondsToNext(long now)
    {
        if (Count == 0)
        {
            return -1;
        }
        for (var tick = _tick + 1; tick <= _tick + _slots.Length; tick++)
        {
            if (_slots[tick & _mask] is not null)
            {
                return (int)Math.Max(0, tick - now);
            }
        }
        return _slots.Length;
    }
}
