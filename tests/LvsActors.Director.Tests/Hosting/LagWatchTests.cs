using System.Diagnostics;
using LvsActors.Director.Hosting;

namespace LvsActors.Director.Tests.Hosting;

public sealed class LagWatchTests
{
    private static readonly long Start = 1_000_000;

    private static LagWatch.Sample At(double ms, double gcMs = 0, double cpuMs = 0) =>
        new(Start + (long)(ms * Stopwatch.Frequency / 1000), TimeSpan.FromMilliseconds(gcMs), TimeSpan.FromMilliseconds(cpuMs));

    [Fact]
    public void A_wake_up_on_time_or_a_little_late_is_no_lag()
    {
        Assert.Null(LagWatch.Lag.Between(At(0), At(50)));
        Assert.Null(LagWatch.Lag.Between(At(0), At(149)));
    }

    [Fact]
    public void A_late_wake_up_is_split_into_the_collector_the_process_and_the_machine()
    {
        var lag = LagWatch.Lag.Between(At(0, gcMs: 10, cpuMs: 100), At(1050, gcMs: 210, cpuMs: 400));

        Assert.Equal(new LagWatch.Lag(GapMs: 1050, LateMs: 1000, GcMs: 200, CpuMs: 300, ElsewhereMs: 750), lag);
    }

    [Fact]
    public void A_pause_longer_than_the_cpu_it_used_counts_once()
    {
        // The collector's own work is CPU time too: a 600 ms pause of which 100 ms on the CPU leaves 400 ms not run.
        var lag = LagWatch.Lag.Between(At(0), At(1000, gcMs: 600, cpuMs: 100));

        Assert.Equal(400, lag!.ElsewhereMs);
    }

    [Fact]
    public void Threads_busy_on_two_cores_leave_no_time_elsewhere()
    {
        var lag = LagWatch.Lag.Between(At(0), At(500, cpuMs: 900));

        Assert.Equal(0, lag!.ElsewhereMs);
        Assert.Equal(450, lag.LateMs);
    }
}
