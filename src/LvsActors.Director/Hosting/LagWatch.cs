using System.Diagnostics;

namespace LvsActors.Director.Hosting;

/// <summary>
/// Says when this director did not run on time, and why as far as the process can tell. A holder whose lease lapsed,
/// or a member the others marked unreachable, was often only late: its threads did not run for half a second and its
/// renewals and heartbeats went out late. Akka.NET says that much ("scheduled sending of heartbeat was delayed"); this
/// says where the time went — the garbage collector's pauses, this process's own threads busy on the CPU, or neither:
/// the machine did not run the process (other work on its CPU, a stalled VM), which no priority inside it can help.
/// One thread that sleeps <see cref="Period"/> at a time and counts how much longer it took; one line when a wake-up
/// comes <see cref="Threshold"/> late or more. It runs at the director's priority, real-time ones included.
/// </summary>
public sealed class LagWatch : IDisposable
{
    /// <summary>How long the watch sleeps between looks.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(50);

    /// <summary>How late a wake-up must be to be logged: a lease renewal interval of the safe profile.</summary>
    public static readonly TimeSpan Threshold = TimeSpan.FromMilliseconds(100);

    private readonly Serilog.ILogger _log;
    private volatile bool _stopped;

    private LagWatch(Serilog.ILogger log) => _log = log;

    /// <summary>Starts a watch; it stops within a period of being disposed.</summary>
    public static LagWatch Start(Serilog.ILogger log)
    {
        var watch = new LagWatch(log);
        new Thread(watch.Run) { IsBackground = true, Name = "lvs-lag-watch" }.Start();
        return watch;
    }

    public void Dispose() => _stopped = true;

    private void Run()
    {
        var last = Sample.Now();
        while (!_stopped)
        {
            // A plain sleep: a wait that spins first (ManualResetEventSlim) yields the CPU again and again, each a system
            // call, and in the lab's UML guests a trip through the host.
            Thread.Sleep(Period);
            var now = Sample.Now();
            if (Lag.Between(last, now) is { } lag)
            {
                _log.Warning("This director ran {LateMs} ms late: in {GapMs} ms the garbage collector paused it {GcMs} ms, its threads used {CpuMs} ms "
                    + "of CPU (the collector's included), and for at least {ElsewhereMs} ms it did not run (the machine ran other work, or stood still); "
                    + "lease renewals and heartbeats due then went out as late", lag.LateMs, lag.GapMs, lag.GcMs, lag.CpuMs, lag.ElsewhereMs);
            }
            last = now;
        }
    }

    /// <summary>What the watch reads at each look: the monotonic clock, the GC's total pause, the process's CPU time.</summary>
    public readonly record struct Sample(long Timestamp, TimeSpan GcPause, TimeSpan Cpu)
    {
        public static Sample Now() => new(Stopwatch.GetTimestamp(), GC.GetTotalPauseDuration(), Environment.CpuUsage.TotalTime);
    }

    /// <summary>One late wake-up, split by where its time went (whole milliseconds).</summary>
    public sealed record Lag(long GapMs, long LateMs, long GcMs, long CpuMs, long ElsewhereMs)
    {
        /// <summary>The lag between two looks, or null when the second came less than <see cref="Threshold"/> late.</summary>
        public static Lag? Between(Sample before, Sample after)
        {
            var gap = Stopwatch.GetElapsedTime(before.Timestamp, after.Timestamp);
            var late = gap - Period;
            if (late < Threshold)
            {
                return null;
            }
            var gc = after.GcPause - before.GcPause;
            // CPU time counts every thread, the collector's too (so it overlaps the pause); on two cores it can exceed
            // the gap. What is left of the gap beyond both is time the process surely did not run.
            var cpu = after.Cpu - before.Cpu;
            var elsewhere = gap - (gc > cpu ? gc : cpu);
            return new Lag(Ms(gap), Ms(late), Ms(gc), Ms(cpu), Math.Max(0, Ms(elsewhere)));
        }

        private static long Ms(TimeSpan span) => (long)span.TotalMilliseconds;
    }
}
