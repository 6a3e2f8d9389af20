namespace LvsActors.Scheduling;

/// <summary>
/// lc (ip_vs_lc.c): the server with the smallest connection overhead (active × 256 + inactive), ignoring weights
/// except that weight 0 is never chosen; the first such server in list order wins a tie.
/// </summary>
public sealed class LeastConnectionScheduler : IScheduler
{
    public string Name => "lc";

    public int Schedule(ReadOnlySpan<RealServerState> destinations, in PacketAddressing packet)
    {
        var least = IScheduler.NoDestination;
        var leastOverhead = 0u;
        for (var i = 0; i < destinations.Length; i++)
        {
            ref readonly var d = ref destinations[i];
            if (d.Overloaded || d.Weight == 0)
                continue;
            // The kernel compares unsigned overheads, and only a strictly smaller one replaces the choice.
            var overhead = (uint)d.ConnectionOverhead;
            if (least < 0 || overhead < leastOverhead)
            {
                least = i;
                leastOverhead = overhead;
            }
        }
        return least;
    }

    public void OnDestinationsChanged(ReadOnlySpan<RealServerState> destinations, in DestinationChange change)
    {
    }
}
