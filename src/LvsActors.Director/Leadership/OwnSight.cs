namespace LvsActors.Director.Leadership;

/// <summary>
/// When this director's own failure detector last failed to reach each member. Gossip's unreachable set lags the
/// detector: a member our detector reaches again stays listed until the next reaper pass, which a CPU-starved
/// director runs seconds late. Only a member reached here throughout indirect-after is one that others, not we,
/// cannot reach; without this a healed 5 s blip read as an indirect partition and its owner was downed (CI's lab,
/// blip5: the VIPs gone for 40 s and the long-lived connections with them).
/// </summary>
public sealed class OwnSight
{
    private readonly Dictionary<string, TimeSpan> _lastMissed = new(StringComparer.Ordinal);

    public void Observe(string address, bool reachable, TimeSpan now)
    {
        if (!reachable)
        {
            _lastMissed[address] = now;
        }
    }

    /// <summary>True when the detector here has not missed <paramref name="address"/> for the last <paramref name="window"/>.</summary>
    public bool ReachedThroughout(string address, TimeSpan window, TimeSpan now) =>
        !_lastMissed.TryGetValue(address, out var missed) || now - missed >= window;
}
