namespace LvsActors.Scheduling;

/// <summary>
/// fo (ip_vs_fo.c): every new connection goes to the available server with the highest weight; the first in list
/// order wins a tie.
/// </summary>
public sealed class WeightedFailoverScheduler : IScheduler
{
    public string Name => "fo";

    public int Schedule(ReadOnlySpan<RealServerState> destinations, in PacketAddressing packet)
    {
        var highest = IScheduler.NoDestination;
        var highestWeight = 0;
        for (var i = 0; i < destinations.Length; i++)
        {
            ref readonly var d = ref destinations[i];
            if (!d.Overloaded && d.Weight > highestWeight)
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
