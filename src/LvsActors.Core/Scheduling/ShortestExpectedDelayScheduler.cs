namespace LvsActors.Scheduling;

/// <summary>
/// sed (ip_vs_sed.c): the server with the smallest (active + 1) / weight; inactive connections do not count.
/// The first server in list order wins a tie.
/// </summary>
public sealed class ShortestExpectedDelayScheduler : IScheduler
{
    public string Name => "sed";

    public int Schedule(ReadOnlySpan<RealServerState> destinations, in PacketAddressing packet)
    {
        var i = 0;
        while (i < destinations.Length && !destinations[i].IsAvailable)
            i++;
        if (i == destinations.Length)
            return IScheduler.NoDestination;
        var least = i;
        long leastOverhead = destinations[i].ActiveConnections + 1;
        long leastWeight = destinations[i].Weight;
        for (i++; i < destinations.Length; i++)
        {
            ref readonly var d = ref destinations[i];
            if (d.Overloaded)
                continue;
            long overhead = d.ActiveConnections + 1;
            if (leastOverhead * d.Weight > overhead * leastWeight)
            {
                least = i;
                leastOverhead = overhead;
                leastWeight = d.Weight;
            }
        }
        return least;
    }

    public void OnDestinationsChanged(ReadOnlySpan<RealServerState> destinations, in DestinationChange change)
    {
    }
}
