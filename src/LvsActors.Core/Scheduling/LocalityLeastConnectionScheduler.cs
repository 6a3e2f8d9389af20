namespace LvsActors.Scheduling;

/// <summary>
/// lblc (ip_vs_lblc.c): remembers a server per destination address and keeps sending that address there while the
/// server has weight and is not overloaded (see <see cref="Locality.IsOverloaded"/>); otherwise picks the weighted
/// least-connection server and remembers it instead.
/// </summary>
public sealed class LocalityLeastConnectionScheduler : IScheduler
{
    private readonly LocalityTable<Entry> _table;

    /// <summary>Creates the scheduler.</summary>
    /// <param name="clockMs">A monotonic clock in milliseconds (the kernel's jiffies).</param>
    /// <param name="expiration">The sysctl <c>lblc_expiration</c>; the kernel's default is 24 hours.</param>
    public LocalityLeastConnectionScheduler(Func<long> clockMs, TimeSpan expiration) =>
        _table = new LocalityTable<Entry>(clockMs, expiration);

    public string Name => "lblc";

    /// <summary>Number of cached destination addresses.</summary>
    public int CachedDestinations => _table.Count;

    /// <summary>The kernel's <c>tbl-&gt;entries</c>, which counts replaced entries until garbage collection.</summary>
    internal int CountedEntries => _table.CountedEntries;

    public int Schedule(ReadOnlySpan<RealServerState> destinations, in PacketAddressing packet)
    {
        var now = _table.Now();
        if (_table.TryGet(packet.Destination, out var entry))
        {
            entry.LastUse = now;
            var cached = Locality.IndexOf(destinations, entry.Server);
            if (cached >= 0 && destinations[cached].Weight > 0 && !Locality.IsOverloaded(destinations, cached))
                return cached;
        }

        var chosen = WeightedLeastConnectionScheduler.Select(destinations);
        if (chosen < 0)
            return IScheduler.NoDestination;
        // ip_vs_lblc_new: a changed choice replaces the old entry, which is created anew with lastuse = now.
        var server = destinations[chosen].Key;
        if (entry is null || entry.Server != server)
        {
            _table.RemoveUncounted(packet.Destination);
            _table.TryAdd(packet.Destination, new Entry(server) { LastUse = now });
        }
        return chosen;
    }

    public void OnDestinationsChanged(ReadOnlySpan<RealServerState> destinations, in DestinationChange change)
    {
        if (change.Kind == DestinationChangeKind.Reset)
            _table.Reset();
    }

    private sealed class Entry(RealServerKey server) : LocalityEntry
    {
        public RealServerKey Server { get; } = server;
    }
}
