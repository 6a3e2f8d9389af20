using System.Diagnostics;

namespace LvsActors.Director.Leadership;

/// <summary>
/// Fires the lease's deadlines — a holder's lease end, a voter's kept claim — on the monotonic clock that the lease is
/// counted on (<see cref="Stopwatch"/>), never before the deadline and about a millisecond after it on an idle host.
/// Why not the runtime's <see cref="Timer"/>: on Linux it counts on CLOCK_MONOTONIC_COARSE, which moves once per
/// kernel tick (4 ms at HZ=250, 10 ms in the lab's UML guests at HZ=100), so its timers fire up to a tick late and up
/// to a millisecond early — measured here at -1 to +4 ms. Not Akka's scheduler either: it fires on its own 10 ms tick.
/// Every millisecond of lateness is a millisecond of a takeover, or of the margin the old holder needs to let go.
/// One background thread for the process; what fires must only post (an actor's Tell), never block.
/// </summary>
public sealed class LeaseClock
{
    /// <summary>The process's clock, whose thread starts with the first alarm.</summary>
    public static LeaseClock Shared { get; } = new();

    private readonly object _gate = new();
    private readonly PriorityQueue<Alarm, long> _alarms = new();
    private Thread? _thread;

    /// <summary>Calls <paramref name="fire"/> once, no sooner than <paramref name="after"/> from now (now, when it is not positive).</summary>
    public Alarm Set(TimeSpan after, Action fire)
    {
        var alarm = new Alarm(Stopwatch.GetTimestamp() + Ticks(after), fire);
        lock (_gate)
        {
            _thread ??= Start();
            _alarms.Enqueue(alarm, alarm.Due);
            // The thread may be waiting for a later alarm: let it look again.
            Monitor.Pulse(_gate);
        }
        return alarm;
    }

    private Thread Start()
    {
        var thread = new Thread(Run) { IsBackground = true, Name = "lvs-lease-clock" };
        thread.Start();
        return thread;
    }

    private void Run()
    {
        while (true)
        {
            Alarm due;
            lock (_gate)
            {
                if (!_alarms.TryPeek(out var next, out var at))
                {
                    Monitor.Wait(_gate);
                    continue;
                }
                var left = at - Stopwatch.GetTimestamp();
                if (left > 0)
                {
                    // Whole milliseconds, rounded up: the wait ends on the kernel's precise monotonic clock, and the
                    // check above keeps an early wake-up from firing anything.
                    Monitor.Wait(_gate, (int)Math.Min(int.MaxValue, (left * 1000 + Stopwatch.Frequency - 1) / Stopwatch.Frequency));
                    continue;
                }
                due = _alarms.Dequeue();
            }
            due.Ring();
        }
    }

    private static long Ticks(TimeSpan after) =>
        after <= TimeSpan.Zero ? 0 : (long)Math.Min(after.TotalSeconds * Stopwatch.Frequency, long.MaxValue / 4);

    /// <summary>One deadline; <see cref="Cancel"/> keeps it from firing if it has not yet.</summary>
    public sealed class Alarm
    {
        private Action? _fire;

        internal Alarm(long due, Action fire) => (Due, _fire) = (due, fire);

        internal long Due { get; }

        /// <summary>Keeps the alarm from firing; it leaves the clock's queue at its deadline.</summary>
        public void Cancel() => Interlocked.Exchange(ref _fire, null);

        internal void Ring() => Interlocked.Exchange(ref _fire, null)?.Invoke();
    }
}
