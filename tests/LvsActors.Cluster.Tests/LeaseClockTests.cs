using System.Collections.Concurrent;
using System.Diagnostics;
using LvsActors.Director.Leadership;

namespace LvsActors.Cluster.Tests;

/// <summary>
/// The lease clock never fires a deadline before its time on the monotonic clock (a voter that promised early, or a
/// holder that looked at its lease before the end and went back to sleep, would break or slow the lease), fires them
/// in the order of their deadlines whatever the order they were set in, and keeps a cancelled one from firing.
/// </summary>
public sealed class LeaseClockTests
{
    [Fact]
    public async Task Deadlines_fire_never_early_and_in_their_order()
    {
        var clock = new LeaseClock();
        var fired = new ConcurrentQueue<(int Index, TimeSpan Due, TimeSpan At)>();
        var setAt = new TimeSpan[60];
        var start = Stopwatch.GetTimestamp();
        // Deadlines set out of order, some within a millisecond of each other, some past already.
        var dues = Enumerable.Range(0, 60).Select(i => TimeSpan.FromMilliseconds((i * 37 % 60) * 0.9 - 3)).ToArray();
        var all = new TaskCompletionSource();
        for (var i = 0; i < dues.Length; i++)
        {
            var (index, due) = (i, dues[i]);
            setAt[i] = Stopwatch.GetElapsedTime(start);
            clock.Set(due - setAt[i], () =>
            {
                fired.Enqueue((index, due, Stopwatch.GetElapsedTime(start)));
                if (fired.Count == dues.Length)
                {
                    all.TrySetResult();
                }
            });
        }

        await all.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var order = fired.ToList();
        Assert.All(order, f => Assert.True(f.At >= f.Due, $"deadline {f.Index} fired {(f.Due - f.At).TotalMilliseconds:F3} ms early"));
        // In deadline order, except among deadlines that had passed before they were set (each fires at once).
        var ahead = order.Where(f => f.Due > setAt[f.Index]).Select(f => f.Due).ToList();
        Assert.True(ahead.Count > 30, $"only {ahead.Count} deadlines were still ahead when set");
        Assert.Equal(ahead.Order(), ahead);
    }

    [Fact]
    public async Task A_cancelled_deadline_never_fires()
    {
        var clock = new LeaseClock();
        var cancelledFired = false;
        var later = new TaskCompletionSource();
        var cancelled = clock.Set(TimeSpan.FromMilliseconds(20), () => cancelledFired = true);
        clock.Set(TimeSpan.FromMilliseconds(60), () => later.TrySetResult());
        cancelled.Cancel();

        await later.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(cancelledFired);
    }
}
