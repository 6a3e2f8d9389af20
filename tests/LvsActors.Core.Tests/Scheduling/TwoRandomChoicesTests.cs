using LvsActors.Scheduling;
using static LvsActors.Core.Tests.Scheduling.Kit;

namespace LvsActors.Core.Tests.Scheduling;

public class TwoRandomChoicesTests
{
    /// <summary>Plays back fixed draws for get_random_u32_below.</summary>
    private sealed class ScriptedRandom(params int[] draws) : Random
    {
        private int _next;
        public List<int> Bounds { get; } = [];

        public override int Next(int maxValue)
        {
            Bounds.Add(maxValue);
            return draws[_next++];
        }
    }

    private static RealServerState[] Servers(int activeA) =>
    [
        // list [.3 w1, .2 w2, .1 w3]
        new(Ip("192.0.2.3"), 80, 1, ActiveConnections: 1),
        new(Ip("192.0.2.2"), 80, 2),
        new(Ip("192.0.2.1"), 80, 3, ActiveConnections: activeA),
    ];

    [Fact]
    public void Worked_draws_pick_the_less_loaded_of_two()
    {
        // total weight 6, draws below 7. Draw 0: .3 (0 - 1 <= 0). Draw 4: 4-1 = 3, 3-2 = 1, 1-3 = -2 -> .1.
        // Keep .1 over .3 when w(.1) * oh(.3) > w(.3) * oh(.1): 3 * 256 > 1 * (256 * active(.1)).
        var random = new ScriptedRandom(0, 4, 0, 4);
        var twos = new TwoRandomChoicesScheduler(random);
        Assert.Equal(2, twos.Schedule(Servers(activeA: 2), From("198.51.100.1"))); // 768 > 512 -> .1
        Assert.Equal(0, twos.Schedule(Servers(activeA: 3), From("198.51.100.1"))); // 768 > 768 is false -> .3
        Assert.Equal([7, 7, 7, 7], random.Bounds);
    }

    [Fact]
    public void Draws_are_weighted_and_skip_unavailable_servers()
    {
        // Draw 6 of 7 (the largest): 6-1 = 5, 5-2 = 3, 3-3 = 0 -> .1; both draws .1.
        var s = Servers(activeA: 0);
        Assert.Equal(2, new TwoRandomChoicesScheduler(new ScriptedRandom(6, 6)).Schedule(s, From("198.51.100.1")));
        s[1] = s[1] with { Overloaded = true };
        s[0] = s[0] with { Weight = 0 };
        var random = new ScriptedRandom(0, 3);
        Assert.Equal(2, new TwoRandomChoicesScheduler(random).Schedule(s, From("198.51.100.1")));
        Assert.Equal([4, 4], random.Bounds); // only .1's weight 3 counts
    }

    [Fact]
    public void Never_chooses_an_unavailable_server()
    {
        var twos = new TwoRandomChoicesScheduler(new Random(5));
        var s = Servers(activeA: 1);
        s[1] = s[1] with { Weight = 0 };
        for (var i = 0; i < 500; i++)
            Assert.NotEqual(1, twos.Schedule(s, From("198.51.100.1")));
    }
}
