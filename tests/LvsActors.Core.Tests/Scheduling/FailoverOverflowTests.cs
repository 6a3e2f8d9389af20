using LvsActors.Scheduling;
using static LvsActors.Core.Tests.Scheduling.Kit;

namespace LvsActors.Core.Tests.Scheduling;

public class FailoverOverflowTests
{
    [Fact]
    public void Fo_sends_everything_to_the_highest_weight_and_fails_over_in_weight_order()
    {
        // ip_vs_fo_schedule: strictly higher weight replaces the choice, so on a tie the first in list order wins.
        var list = Service("fo", ("192.0.2.1:80", 10), ("192.0.2.2:80", 30), ("192.0.2.3:80", 20), ("192.0.2.4:80", 30));
        Assert.Equal(["4", "4", "4"], Short(Run(list, 3))); // list [.4 w30, .3, .2 w30, .1]: .4 first
        list.Edit(Rs("192.0.2.4:80"), 0, default);
        Assert.Equal(["2", "2"], Short(Run(list, 2)));
        list.Edit(Rs("192.0.2.2:80"), 5, default);
        Assert.Equal(["3"], Short(Run(list, 1)));
        list.Edit(Rs("192.0.2.3:80"), 0, default);
        Assert.Equal(["1"], Short(Run(list, 1)));
    }

    [Fact]
    public void Fo_skips_overloaded_servers()
    {
        var list = new DestinationList(new WeightedFailoverScheduler());
        list.Add(Rs("192.0.2.1:80"), 1);
        list.Add(Rs("192.0.2.2:80"), 9, new ConnectionThresholds(Upper: 2));
        Assert.Equal(["2", "2", "1", "1"], Short(Run(list, 4)));
    }

    [Fact]
    public void Ovf_fills_the_highest_weight_beyond_its_weight_then_overflows()
    {
        // ip_vs_ovf_schedule skips a server once activeconns > weight: .1 (w3) takes connections at
        // active 0, 1, 2, 3 (four of them), then .2 (w2) at 0, 1, 2, then nobody is left.
        var list = Service("ovf", ("192.0.2.1:80", 3), ("192.0.2.2:80", 2));
        Assert.Equal(["1", "1", "1", "1", "2", "2", "2", "-"], Short(Run(list, 8)));
    }

    [Fact]
    public void Ovf_with_closed_connections_never_overflows()
    {
        // Only active connections count, so closed (inactive) ones never push .1 over its weight.
        var list = Service("ovf", ("192.0.2.1:80", 3), ("192.0.2.2:80", 2));
        Assert.All(Run(list, 20, keepOpen: false), p => Assert.Equal("192.0.2.1:80", p));
    }
}
