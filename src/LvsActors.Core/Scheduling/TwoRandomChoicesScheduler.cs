namespace LvsActors.Scheduling;

/// <summary>
/// twos (ip_vs_twos.c): draws two servers at random, each with probability proportional to its weight, and keeps
/// the one with the smaller overhead / weight (the first draw on a tie).
/// </summary>
public sealed class TwoRandomChoicesScheduler : IScheduler
{
    private readonly Random _random;

    /// <summary>Creates the scheduler with a source of randomness (the kernel's <c>get_random_u32_below</c>).</summary>
    public TwoRandomChoicesScheduler(Random random) => _random = random ?? throw new ArgumentNullException(nameof(random));

    public string Name => "twos";

    public int Schedule(ReadOnlySpan<RealServerState> destinations, in PacketAddressing packet)
    {
        var totalWeight = 0;
        var choice1 = IScheduler.NoDestination;
        for (var i = 0; i < destinations.Length; i++)
        {
            if (destinations[i].IsAvailable)
            {
                totalWeight += destinations[i].Weight;
                choice1 = i;
            }
        }
        if (choice1 < 0)
            return IScheduler.NoDestination;

        // One more than the sum, so that both draws lie in [0, total weight].
        totalWeight += 1;
        var rweight1 = _random.Next(totalWeight);
        var rweight2 = _random.Next(totalWeight);
        int weight1 = -1, weight2 = -1, overhead1 = 0, overhead2 = 0, choice2 = IScheduler.NoDestination;
        for (var i = 0; i < destinations.Length; i++)
        {
            ref readonly var d = ref destinations[i];
            if (!d.IsAvailable)
                continue;
            rweight1 -= d.Weight;
            rweight2 -= d.Weight;
            if (rweight1 <= 0 && weight1 == -1)
            {
                choice1 = i;
                weight1 = d.Weight;
                overhead1 = d.ConnectionOverhead;
            }
            if (rweight2 <= 0 && weight2 == -1)
            {
                choice2 = i;
                weight2 = d.Weight;
                overhead2 = d.ConnectionOverhead;
            }
            if (weight1 != -1 && weight2 != -1)
                break;
        }
        // 32-bit products that wrap, as the kernel's int arithmetic does (it builds with -fno-strict-overflow).
        if (choice2 >= 0 && unchecked(weight2 * overhead1) > unchecked(weight1 * overhead2))
            choice1 = choice2;
        return choice1;
    }

    public void OnDestinationsChanged(ReadOnlySpan<RealServerState> destinations, in DestinationChange change)
    {
    }
}
