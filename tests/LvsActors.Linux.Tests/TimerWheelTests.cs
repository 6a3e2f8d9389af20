using LvsActors.Linux.Probes;

namespace LvsActors.Linux.Tests;

/// <summary>The probe engine's timer wheel: what is due fires once, in any slot and after any pause; cancelled never.</summary>
public sealed class TimerWheelTests
{
    private sealed class Timer : WheelEntry;

    [Fact]
    public void A_timer_fires_at_its_tick_and_not_before()
    {
        var wheel = new TimerWheel(8, now: 0);
        var timer = new Timer();
        wheel.Add(timer, 5);
        var expired = new List<WheelEntry>();

        wheel.Advance(4, expired);
        Assert.Empty(expired);
        wheel.Advance(5, expired);

        Assert.Same(timer, Assert.Single(expired));
        Assert.True(timer.Expired);
        Assert.Equal(0, wheel.Count);
    }

    [Fact]
    public void A_timer_more_than_a_turn_ahead_waits_for_its_own_turn()
    {
        var wheel = new TimerWheel(8, now: 0);
        var timer = new Timer();
        wheel.Add(timer, 19);
        var expired = new List<WheelEntry>();

        wheel.Advance(11, expired);
        Assert.Empty(expired);
        wheel.Advance(19, expired);

        Assert.Single(expired);
    }

    [Fact]
    public void After_a_pause_longer_than_a_turn_everything_due_fires_once()
    {
        var wheel = new TimerWheel(8, now: 0);
        var timers = Enumerable.Range(1, 20).Select(due => (Timer: new Timer(), Due: due)).ToList();
        timers.ForEach(t => wheel.Add(t.Timer, t.Due));
        var expired = new List<WheelEntry>();

        wheel.Advance(15, expired);

        Assert.Equal(timers.Where(t => t.Due <= 15).Select(t => t.Timer), expired.OrderBy(e => e.Due));
        Assert.Equal(5, wheel.Count);
    }

    [Fact]
    public void A_cancelled_or_replaced_timer_does_not_fire_and_a_past_due_one_fires_at_the_next_tick()
    {
        var wheel = new TimerWheel(8, now: 10);
        var cancelled = new Timer();
        var replaced = new Timer();
        var late = new Timer();
        wheel.Add(cancelled, 12);
        wheel.Add(replaced, 12);
        wheel.Add(replaced, 14);
        wheel.Add(late, 3);
        wheel.Remove(cancelled);
        var expired = new List<WheelEntry>();

        wheel.Advance(12, expired);

        Assert.Same(late, Assert.Single(expired));
        Assert.Equal(1, wheel.Count);
        Assert.Equal(2, wheel.MillisecondsToNext(12));
    }

    [Fact]
    public void An_empty_wheel_has_no_next_timer()
    {
        Assert.Equal(-1, new TimerWheel(8, now: 0).MillisecondsToNext(0));
    }
}
