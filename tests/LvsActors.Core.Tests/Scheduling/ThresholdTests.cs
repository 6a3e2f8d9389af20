using LvsActors.Scheduling;
using static LvsActors.Core.Tests.Scheduling.Kit;

namespace LvsActors.Core.Tests.Scheduling;

public class ThresholdTests
{
    [Fact]
    public void Upper_threshold_sets_on_bind_and_three_quarters_clears_on_unbind()
    {
        var t = new ConnectionThresholds(Upper: 4);
        Assert.False(t.AfterBind(false, 3));
        Assert.True(t.AfterBind(false, 4));
        // ip_vs_unbind_dest without a lower threshold: clear when total * 4 < upper * 3, i.e. below 3.
        Assert.True(t.AfterUnbind(true, 3));
        Assert.False(t.AfterUnbind(true, 2));
        Assert.False(t.AfterUnbind(false, 3)); // unbinding never sets it
    }

    [Fact]
    public void Lower_threshold_clears_below_it_and_no_thresholds_always_clear()
    {
        var t = new ConnectionThresholds(Upper: 10, Lower: 5);
        Assert.True(t.AfterUnbind(true, 5));
        Assert.False(t.AfterUnbind(true, 4));
        Assert.False(default(ConnectionThresholds).AfterUnbind(true, 1000));
        Assert.False(default(ConnectionThresholds).AfterBind(false, 1000));
    }

    [Fact]
    public void Raising_or_removing_the_upper_threshold_clears_the_flag()
    {
        var old = new ConnectionThresholds(Upper: 4);
        Assert.False(new ConnectionThresholds(Upper: 5).AfterEdit(true, old));
        Assert.False(new ConnectionThresholds(Upper: 0).AfterEdit(true, old));
        Assert.True(new ConnectionThresholds(Upper: 4).AfterEdit(true, old));
        Assert.True(new ConnectionThresholds(Upper: 3).AfterEdit(true, old));
    }

    [Fact]
    public void Destination_list_counts_active_and_inactive_for_the_flag()
    {
        var list = new DestinationList(new RoundRobinScheduler());
        list.Add(Rs("192.0.2.1:80"), 1, new ConnectionThresholds(Upper: 2));
        list.BindConnection(0);
        list.DeactivateConnection(0); // TIME_WAIT still counts: total = 1
        Assert.False(list.Destinations[0].Overloaded);
        list.BindConnection(0); // total 2 >= 2
        Assert.True(list.Destinations[0].Overloaded);
        Assert.Equal(IScheduler.NoDestination, list.Schedule(From("198.51.100.1")));
        list.UnbindConnection(0, active: false); // total 1: 4 < 6 -> cleared
        Assert.False(list.Destinations[0].Overloaded);
        Assert.Equal((1, 0), (list.Destinations[0].ActiveConnections, list.Destinations[0].InactiveConnections));
        list.BindConnection(0);
        list.Edit(Rs("192.0.2.1:80"), 1, new ConnectionThresholds(Upper: 3));
        Assert.False(list.Destinations[0].Overloaded);
    }

    [Fact]
    public void Destination_list_rejects_bad_input_with_clear_errors()
    {
        var list = new DestinationList(new RoundRobinScheduler());
        list.Add(Rs("192.0.2.1:80"), 1);
        Assert.Contains("already", Assert.Throws<InvalidOperationException>(() => list.Add(Rs("192.0.2.1:80"), 1)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => list.Add(Rs("192.0.2.2:80"), 65536));
        Assert.Throws<KeyNotFoundException>(() => list.Edit(Rs("192.0.2.9:80"), 1, default));
        Assert.False(list.Remove(Rs("192.0.2.9:80")));
    }
}
