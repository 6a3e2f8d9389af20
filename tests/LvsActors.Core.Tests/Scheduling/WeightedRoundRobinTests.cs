using LvsActors.Scheduling;
using static LvsActors.Core.Tests.Scheduling.Kit;

namespace LvsActors.Core.Tests.Scheduling;

public class WeightedRoundRobinTests
{
    [Fact]
    public void Worked_cycle_weights_4_3_2()
    {
        // ipvsadm -A then -a .1 (w4), -a .2 (w3), -a .3 (w2); the list is [.3 w2, .2 w3, .1 w4].
        // ip_vs_wrr_dest_changed after each add: .1 alone gives di = 4, mw = 4 - 3 = 1 and cw (0) = mw = 1;
        // later adds give di = 1, mw = 4, and cw = 1 is kept (not above mw, not 0, di = 1).
        // cw 1: 3 2 1 | cw 0 -> mw 4: 1 | cw 3: 2 1 | cw 2: 3 2 1 | cw 1: 3 2 1 | cw 4: 1 | cw 3: 2 1
        var list = Service("wrr", ("192.0.2.1:80", 4), ("192.0.2.2:80", 3), ("192.0.2.3:80", 2));
        Assert.Equal(["3", "2", "1", "1", "2", "1", "3", "2", "1", "3", "2", "1", "1", "2", "1"], Short(Run(list, 15)));
    }

    [Fact]
    public void Removing_a_server_mid_cycle_keeps_the_current_weight_bar()
    {
        // Same service; after 3 2 1 1 2 the cursor is .2 and cw = 3. Removing .1 runs ip_vs_wrr_dest_changed:
        // cursor -> head, di = gcd(2, 3) = 1, mw = 3; cw = 3 is not above mw, so it stays.
        // cw 3: 2 | cw 2: 3 2 | cw 1: 3 2 | cw 0 -> mw 3: 2 | cw 2: 3 2 | cw 1: 3 2
        var list = Service("wrr", ("192.0.2.1:80", 4), ("192.0.2.2:80", 3), ("192.0.2.3:80", 2));
        Assert.Equal(["3", "2", "1", "1", "2"], Short(Run(list, 5)));
        list.Remove(Rs("192.0.2.1:80"));
        Assert.Equal(["2", "3", "2", "3", "2", "2", "3", "2", "3", "2"], Short(Run(list, 10)));
    }

    [Fact]
    public void Removal_that_raises_the_gcd_rounds_the_bar_up()
    {
        // Added .1 w4, .2 w2, .3 w1: list [.3 w1, .2 w2, .1 w4]; the adds leave di = 1, mw = 4, cw = 1.
        // cw 1: 3 2 1 | cw 4: 1 | cw 3: 1 | cw 2: 2 -> cursor .2, cw 2.
        // Removing .3: di = gcd(2, 4) = 2, mw = 4 - (2 - 1) = 3, and cw = (2 / 2) * 2 + 1 = 3.
        // cw 3: 1 | cw 1 (last pass): 2 1 | cw -1 -> mw 3: 1 | cw 1: 2 1. (Without the rounding, cw 2 would pick .2 first.)
        var list = Service("wrr", ("192.0.2.1:80", 4), ("192.0.2.2:80", 2), ("192.0.2.3:80", 1));
        Assert.Equal(["3", "2", "1", "1", "1", "2"], Short(Run(list, 6)));
        list.Remove(Rs("192.0.2.3:80"));
        Assert.Equal(["1", "2", "1", "1", "2", "1"], Short(Run(list, 6)));
    }

    [Fact]
    public void Every_full_cycle_gives_each_server_exactly_its_share()
    {
        var random = new Random(7);
        for (var trial = 0; trial < 200; trial++)
        {
            var n = random.Next(1, 9);
            var scale = random.Next(1, 4); // a common factor, so gcd > 1 happens
            var weights = Enumerable.Range(0, n).Select(_ => random.Next(0, 6) * scale).ToArray();
            var list = new DestinationList(new WeightedRoundRobinScheduler());
            for (var i = 0; i < n; i++)
                list.Add(new RealServerKey(InetAddress.FromIPv4(0xC0000201u + (uint)i), 80), weights[i]);
            var gcd = weights.Where(w => w > 0).Aggregate(0, (g, w) => g == 0 ? w : Gcd(g, w));
            var cycle = gcd == 0 ? 0 : weights.Sum() / gcd;
            var picks = new int[n];
            for (var c = 0; c < 3 * cycle; c++)
            {
                var index = list.Schedule(From("198.51.100.1"));
                picks[int.Parse(list.Destinations[index].Address.ToString().Split('.')[3]) - 1]++;
            }
            for (var i = 0; i < n; i++)
                Assert.Equal(gcd == 0 ? 0 : 3 * weights[i] / gcd, picks[i]);
            if (gcd == 0)
                Assert.Equal(IScheduler.NoDestination, list.Schedule(From("198.51.100.1")));
        }
    }

    [Fact]
    public void Overloaded_servers_are_skipped_and_all_overloaded_gives_none()
    {
        var list = new DestinationList(new WeightedRoundRobinScheduler());
        list.Add(Rs("192.0.2.1:80"), 2, new ConnectionThresholds(Upper: 2));
        list.Add(Rs("192.0.2.2:80"), 1, new ConnectionThresholds(Upper: 1));
        // list [.2 w1, .1 w2]; the adds leave cw = 1. cw 1: 2 (now overloaded, 1 >= 1) 1 | cw 2: 1 (now overloaded,
        // 2 >= 2) | every pass down to cw 1 finds nothing: ip_vs_wrr_schedule gives up ("all destinations are overloaded").
        Assert.Equal(["2", "1", "1", "-", "-"], Short(Run(list, 5)));
    }

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);
}
