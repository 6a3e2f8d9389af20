namespace LvsActors.Scheduling;

/// <summary>
/// ovf (ip_vs_ovf.c): the highest-weight server whose active connections do not exceed its weight; once it holds
/// more than its weight, new connections overflow to the next highest. The first in list order wins a tie.
/// </summary>
public sealed class OverflowScheduler : IScheduler
{
    public string Name => "ovf";

    public int Schedule(ReadOnlySpan<RealServerState> destinations, in PacketAddressing packet)
    {
        var highest = IScheduler.NoDestination;
        var highestWeight = 0;
        for (var i = 0; i < destinations.Length; i++)
        {
            ref readonly var d = ref destinations[i];
            if (d.Overloaded || d.ActiveConnections > d.Weight || d.Weight == 0)
                continue;
            if (highest < 0 || d.Weight > highestWeight)
            {
                highest = i;
                highestWeight = d.Weight;
            }
        }
        return highest;
    }

    public void OnDestinationsChanged(ReadOnlySpan<RealServerState> destinations, in DestinationChange change)
    {
    }
}
