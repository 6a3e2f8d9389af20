namespace LvsActors.Scheduling;

/// <summary>
/// nq (ip_vs_nq.c): the first idle server (no active connections) in list order; when none is idle, the
/// shortest expected delay as in sed.
/// </summary>
public sealed class NeverQueueScheduler : IScheduler
{
    public string Name => "nq";

    public int Schedule(ReadOnlySpan<RealServerState> destinations, in PacketAddressing packet)
    {
        var least = IScheduler.NoDestination;
        long leastOverhead = 0, leastWeight = 0;
        for (var i = 0; i < destinations.Length; i++)
        {
            ref readonly var d = ref destinations[i];
            if (d.Overloaded || d.Weight == 0)
                continue;
            if (d.ActiveConnections == 0)
                return i;
            long overhead = d.ActiveConnections + 1;
            if (least < 0 || leastOverhead * d.Weight > overhead * leastWeight)
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
