namespace LvsActors.Scheduling;

/// <summary>
/// wrr (ip_vs_wrr.c): passes over the list with a falling weight bar <c>cw</c>; each pass picks every server whose
/// weight reaches the bar, so a full cycle gives each server its weight's share, in list order.
/// </summary>
public sealed class WeightedRoundRobinScheduler : IScheduler
{
    private int _current = -1; // mark->cl: last choice, -1 = list head
    private int _currentWeight; // mark->cw
    private int _maxWeight; // mark->mw, already lowered by (di - 1)
    private int _step = 1; // mark->di: gcd of the positive weights

    public string Name => "wrr";

    public int Schedule(ReadOnlySpan<RealServerState> destinations, in PacketAddressing packet)
    {
        if (_maxWeight == 0)
            return IScheduler.NoDestination;
        var dest = Math.Min(_current, destinations.Length - 1);
        var last = dest;
        var stop = -2;
        bool lastPass = false, restarted = false;
        while (true)
        {
            for (dest++; dest < destinations.Length; dest++)
            {
                if (!destinations[dest].Overloaded && destinations[dest].Weight >= _currentWeight)
                    return _current = dest;
                if (dest == stop)
                    return Fail(dest);
            }
            dest = -1;
            _currentWeight -= _step;
            if (_currentWeight <= 0)
            {
                _currentWeight = _maxWeight;
                // Everything was already tried at weight >= 1 (the last pass), or the scan began at the head.
                if (lastPass || last == -1)
                    return Fail(-1);
                restarted = true;
            }
            lastPass = _currentWeight <= _step;
            // The first weight >= 1 pass only covered the servers after 'last'; finish at 'last'.
            if (lastPass && restarted && last != -1)
                stop = last;
        }
    }

    public void OnDestinationsChanged(ReadOnlySpan<RealServerState> destinations, in DestinationChange change)
    {
        // ip_vs_wrr_init_svc and ip_vs_wrr_dest_changed (add, delete and edit alike).
        _current = -1;
        _step = 0;
        var max = 0;
        foreach (ref readonly var d in destinations)
        {
            if (d.Weight > 0)
                _step = _step > 0 ? KernelHash.Gcd(d.Weight, _step) : d.Weight;
            max = Math.Max(max, d.Weight);
        }
        if (_step == 0)
            _step = 1;
        _maxWeight = max - (_step - 1);
        if (change.Kind == DestinationChangeKind.Reset || _currentWeight > _maxWeight || _currentWeight == 0)
            _currentWeight = _maxWeight;
        else if (_step > 1)
            _currentWeight = _currentWeight / _step * _step + 1;
    }

    private int Fail(int current)
    {
        _current = current;
        return IScheduler.NoDestination;
    }
}
