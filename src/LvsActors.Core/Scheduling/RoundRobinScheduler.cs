namespace LvsActors.Scheduling;

/// <summary>
/// rr (ip_vs_rr.c): the next available server after the one chosen last, wrapping around the list.
/// Available means weight above zero and not overloaded.
/// </summary>
public sealed class RoundRobinScheduler : IScheduler
{
    /// <summary>Index of the server chosen last; -1 is the list head (<c>svc->sched_data</c>).</summary>
    private int _cursor = -1;

    public string Name => "rr";

    public int Schedule(ReadOnlySpan<RealServerState> destinations, in PacketAddressing packet)
    {
        var last = Math.Min(_cursor, destinations.Length - 1);
        for (var i = last + 1; i < destinations.Length; i++)
        {
            if (destinations[i].IsAvailable)
                return _cursor = i;
        }
        // The second pass wraps from the head up to and including the last choice;
        // starting at the head, the first pass already saw everything.
        for (var i = 0; i <= last; i++)
        {
            if (destinations[i].IsAvailable)
                return _cursor = i;
        }
        return IScheduler.NoDestination;
    }

    public void OnDestinationsChanged(ReadOnlySpan<RealServerState> destinations, in DestinationChange change)
    {
        switch (change.Kind)
        {
            case DestinationChangeKind.Reset:
                _cursor = -1;
                break;
            case DestinationChangeKind.Added when _cursor >= change.Index:
                // rr has no add_dest hook: the cursor stays on the same server, whose index shifts.
                _cursor++;
                break;
            case DestinationChangeKind.Removed when _cursor >= change.Index:
                // ip_vs_rr_del_dest: when the cursor's own server goes, step back to its predecessor
                // (or the head), so that the round continues with the server that followed it;
                // a removal before the cursor only shifts its index.
                _cursor--;
                break;
        }
    }
}
