using LvsActors.Scheduling;
using static LvsActors.Core.Tests.Scheduling.Kit;

namespace LvsActors.Core.Tests.Scheduling;

public class RoundRobinTests
{
    private static DestinationList Abc(int weightB = 1) =>
        Service("rr", ("192.0.2.1:80", 1), ("192.0.2.2:80", weightB), ("192.0.2.3:80", 1));

    [Fact]
    public void Newest_server_first_then_round_the_list()
    {
        // ip_vs_ctl.c adds each destination at the list head (list_add_rcu), so the list is [.3, .2, .1];
        // ip_vs_rr_init_svc leaves the cursor at the head and ip_vs_rr_schedule takes the entry after it.
        Assert.Equal(["3", "2", "1", "3", "2", "1", "3"], Short(Run(Abc(), 7)));
    }

    [Fact]
    public void Weight_zero_and_overloaded_servers_are_skipped()
    {
        Assert.Equal(["3", "1", "3", "1"], Short(Run(Abc(weightB: 0), 4)));

        var list = new DestinationList(new RoundRobinScheduler());
        list.Add(Rs("192.0.2.1:80"), 1);
        list.Add(Rs("192.0.2.2:80"), 1, new ConnectionThresholds(Upper: 1));
        // .2 (list head) takes one connection, reaches its upper threshold and is overloaded from then on.
        Assert.Equal(["2", "1", "1", "1"], Short(Run(list, 4)));
    }

    [Fact]
    public void No_available_server_gives_no_destination()
    {
        var list = Service("rr", ("192.0.2.1:80", 0), ("192.0.2.2:80", 0));
        Assert.Equal(IScheduler.NoDestination, list.Schedule(From("198.51.100.1")));
        Assert.Equal(IScheduler.NoDestination, new DestinationList(new RoundRobinScheduler()).Schedule(From("198.51.100.1")));
    }

    [Fact]
    public void Removing_the_cursor_server_continues_with_its_successor()
    {
        // After .3, .2 the cursor is .2. ip_vs_rr_del_dest moves it to .2's predecessor (.3),
        // so the round continues with .1, the server that followed .2.
        var list = Abc();
        Assert.Equal(["3", "2"], Short(Run(list, 2)));
        list.Remove(Rs("192.0.2.2:80"));
        Assert.Equal(["1", "3", "1"], Short(Run(list, 3)));
    }

    [Fact]
    public void Removing_the_head_server_under_the_cursor_restarts_from_the_head()
    {
        var list = Abc();
        Assert.Equal(["3"], Short(Run(list, 1)));
        list.Remove(Rs("192.0.2.3:80")); // predecessor of the first entry is the list head
        Assert.Equal(["2", "1", "2"], Short(Run(list, 3)));
    }

    [Fact]
    public void A_server_added_mid_round_waits_for_the_next_round()
    {
        // The new server goes to the list head, before the cursor, so rr reaches it only after wrapping.
        var list = Abc();
        Assert.Equal(["3", "2"], Short(Run(list, 2)));
        list.Add(Rs("192.0.2.4:80"), 1);
        Assert.Equal(["1", "4", "3", "2"], Short(Run(list, 4)));
    }
}
