namespace LvsActors.Scheduling;

/// <summary>
/// wlc (ip_vs_wlc.c): the server with the smallest overhead / weight, compared as overhead1 × weight2 &gt;
/// overhead2 × weight1 in 64 bits; the first server in list order wins a tie.
/// </summary>
public sealed class WeightedLeastConnectionScheduler : IScheduler
{
    public string Name => "wlc";

    public int Schedule(ReadOnlySpan<RealServerState> destinations, in PacketAddressing packet) => Select(destinations);

    public void OnDestinationsChanged(ReadOnlySpan<RealServerState> destinations, in DestinationChange change)
    {
    }

    /// <summary>
    /// The weighted least-connection pick shared by wlc and, as <c>__ip_vs_lblc_schedule</c> /
    /// <c>__ip_vs_lblcr_schedule</c>, by lblc and lblcr.
    /// </summary>
    internal static int Select(ReadOnlySpan<RealServerState> destinations)
    {
        var i = 0;
        while (i < destinations.Length && !destinations[i].IsAvailable)
            i++;
        if (i == destinations.Length)
            return IScheduler.NoDestination;
        var least = i;
        long leastOverhead = destinations[i].ConnectionOverhead;
        long leastWeight = destinations[i].Weight;
        for (i++; i < destinations.Length; i++)
        {
            ref readonly var d = ref destinations[i];
            if (d.Overloaded)
                continue;
            // A weight-0 server can never win: 0 > overhead × weight is false.
            long overhead = d.ConnectionOverhead;
            if (leastOverhead * d.Weight > overhead * leastWeight)
            {
                least = i;
                leastOverhead = overhead;
                leastWeight = d.Weight;
            }
        }
        return least;
    }
}
