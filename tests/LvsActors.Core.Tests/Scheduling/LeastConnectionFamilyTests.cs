using LvsActors.Scheduling;
using static LvsActors.Core.Tests.Scheduling.Kit;

namespace LvsActors.Core.Tests.Scheduling;

/// <summary>lc, wlc, sed, nq: random states against a brute-force minimum, plus worked examples.</summary>
public class LeastConnectionFamilyTests
{
    private static readonly PacketAddressing Packet = From("198.51.100.1");

    /// <summary>Random server states (kernel list order) with ties made likely by small ranges.</summary>
    private static RealServerState[] RandomStates(Random random)
    {
        var n = random.Next(1, 12);
        var states = new RealServerState[n];
        for (var i = 0; i < n; i++)
        {
            states[i] = new RealServerState(InetAddress.FromIPv4(0xC0000201u + (uint)i), 80,
                Weight: random.Next(0, 5), ActiveConnections: random.Next(0, 4), InactiveConnections: random.Next(0, 3),
                Overloaded: random.Next(6) == 0);
        }
        return states;
    }

    /// <summary>The first eligible server whose cost is minimal, cost compared as cost_i/w_i &lt;= cost_j/w_j.</summary>
    private static int FirstMinimum(RealServerState[] s, Func<RealServerState, long> cost, bool weighted)
    {
        var eligible = Enumerable.Range(0, s.Length).Where(i => !s[i].Overloaded && s[i].Weight > 0).ToList();
        foreach (var i in eligible)
        {
            if (eligible.All(j => weighted
                    ? cost(s[i]) * s[j].Weight <= cost(s[j]) * s[i].Weight
                    : cost(s[i]) <= cost(s[j])))
                return i;
        }
        return IScheduler.NoDestination;
    }

    [Fact]
    public void Lc_picks_the_first_minimum_overhead()
    {
        var random = new Random(1);
        for (var t = 0; t < 2000; t++)
        {
            var s = RandomStates(random);
            Assert.Equal(FirstMinimum(s, d => d.ActiveConnections * 256L + d.InactiveConnections, weighted: false),
                new LeastConnectionScheduler().Schedule(s, Packet));
        }
    }

    [Fact]
    public void Wlc_picks_the_first_minimum_overhead_per_weight()
    {
        var random = new Random(2);
        for (var t = 0; t < 2000; t++)
        {
            var s = RandomStates(random);
            Assert.Equal(FirstMinimum(s, d => d.ActiveConnections * 256L + d.InactiveConnections, weighted: true),
                new WeightedLeastConnectionScheduler().Schedule(s, Packet));
        }
    }

    [Fact]
    public void Sed_picks_the_first_minimum_expected_delay()
    {
        var random = new Random(3);
        for (var t = 0; t < 2000; t++)
        {
            var s = RandomStates(random);
            Assert.Equal(FirstMinimum(s, d => d.ActiveConnections + 1L, weighted: true),
                new ShortestExpectedDelayScheduler().Schedule(s, Packet));
        }
    }

    [Fact]
    public void Nq_picks_the_first_idle_server_else_the_sed_choice()
    {
        var random = new Random(4);
        for (var t = 0; t < 2000; t++)
        {
            var s = RandomStates(random);
            var idle = Array.FindIndex(s, d => !d.Overloaded && d.Weight > 0 && d.ActiveConnections == 0);
            var expected = idle >= 0 ? idle : FirstMinimum(s, d => d.ActiveConnections + 1L, weighted: true);
            Assert.Equal(expected, new NeverQueueScheduler().Schedule(s, Packet));
        }
    }

    [Fact]
    public void Worked_lc_counts_inactive_connections_at_one_256th()
    {
        // list [.3, .2, .1] (added .1, .2, .3). Overheads: .3 = 1*256 + 0 = 256, .2 = 0*256 + 300 = 300,
        // .1 = 1*256 + 0 = 256: the minimum 256 is shared; the first in list order (.3) wins (strict '<').
        RealServerState[] s =
        [
            new(Ip("192.0.2.3"), 80, 1, ActiveConnections: 1),
            new(Ip("192.0.2.2"), 80, 1, InactiveConnections: 300),
            new(Ip("192.0.2.1"), 80, 1, ActiveConnections: 1),
        ];
        Assert.Equal(0, new LeastConnectionScheduler().Schedule(s, Packet));
        // With 200 inactive, .2's 200 is below 256.
        s[1] = s[1] with { InactiveConnections = 200 };
        Assert.Equal(1, new LeastConnectionScheduler().Schedule(s, Packet));
    }

    [Fact]
    public void Worked_wlc_sed_and_nq()
    {
        // list [.3 w1 a1, .2 w2 a1, .1 w3 a2]: wlc loads 256/1, 256/2 = 128, 512/3 = 170.7 -> .2.
        // sed: (1+1)/1 = 2, (1+1)/2 = 1, (2+1)/3 = 1 -> tie between .2 and .1, first in list order: .2.
        // nq: nobody idle, so the sed choice .2; make .1 idle and nq takes it at once.
        RealServerState[] s =
        [
            new(Ip("192.0.2.3"), 80, 1, ActiveConnections: 1),
            new(Ip("192.0.2.2"), 80, 2, ActiveConnections: 1),
            new(Ip("192.0.2.1"), 80, 3, ActiveConnections: 2),
        ];
        Assert.Equal(1, new WeightedLeastConnectionScheduler().Schedule(s, Packet));
        Assert.Equal(1, new ShortestExpectedDelayScheduler().Schedule(s, Packet));
        Assert.Equal(1, new NeverQueueScheduler().Schedule(s, Packet));
        s[2] = s[2] with { ActiveConnections = 0, InactiveConnections = 50 };
        Assert.Equal(2, new NeverQueueScheduler().Schedule(s, Packet));
    }

    [Fact]
    public void Weight_zero_or_overloaded_never_chosen_even_when_idle()
    {
        RealServerState[] s =
        [
            new(Ip("192.0.2.3"), 80, 0),
            new(Ip("192.0.2.2"), 80, 5, Overloaded: true),
            new(Ip("192.0.2.1"), 80, 1, ActiveConnections: 9),
        ];
        foreach (var name in new[] { "lc", "wlc", "sed", "nq", "fo", "ovf", "twos" })
        {
            var chosen = SchedulerFactory.Create(name).Schedule(s, Packet);
            Assert.True(chosen is 2 or IScheduler.NoDestination, $"{name} chose {chosen}");
        }
        s[2] = s[2] with { Weight = 0 };
        foreach (var name in new[] { "lc", "wlc", "sed", "nq", "fo", "ovf", "twos", "rr", "wrr" })
        {
            var scheduler = SchedulerFactory.Create(name);
            scheduler.OnDestinationsChanged(s, DestinationChange.Reset);
            Assert.Equal(IScheduler.NoDestination, scheduler.Schedule(s, Packet));
        }
    }
}
