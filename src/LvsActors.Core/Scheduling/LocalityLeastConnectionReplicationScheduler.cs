namespace LvsActors.Scheduling;

/// <summary>
/// lblcr (ip_vs_lblcr.c): remembers a set of servers per destination address and sends the address to the set's
/// weighted least-connection member; when that member is overloaded (see <see cref="Locality.IsOverloaded"/>) the
/// service-wide weighted least-connection server joins the set. A set unchanged for the expiration time loses its
/// most loaded member.
/// </summary>
public sealed class LocalityLeastConnectionReplicationScheduler : IScheduler
{
    private readonly LocalityTable<Entry> _table;
    private readonly long _expirationMs;

    /// <summary>Creates the scheduler.</summary>
    /// <param name="clockMs">A monotonic clock in milliseconds (the kernel's jiffies).</param>
    /// <param name="expiration">The sysctl <c>lblcr_expiration</c>; the kernel's default is 24 hours.</param>
    public LocalityLeastConnectionReplicationScheduler(Func<long> clockMs, TimeSpan expiration)
    {
        _table = new LocalityTable<Entry>(clockMs, expiration);
        _expirationMs = (long)expiration.TotalMilliseconds;
    }

    public string Name => "lblcr";

    /// <summary>The servers cached for <paramref name="destination"/>, in the kernel's set order (newest first).</summary>
    public IReadOnlyList<RealServerKey> ServerSet(InetAddress destination) =>
        _table.TryGet(destination, out var entry) ? entry.Set.ToArray() : [];

    public int Schedule(ReadOnlySpan<RealServerState> destinations, in PacketAddressing packet)
    {
        var now = _table.Now();
        int chosen;
        if (_table.TryGet(packet.Destination, out var entry))
        {
            entry.LastUse = now;
            chosen = SetMin(destinations, entry.Set);
            // More than one member and unchanged for the expiration time: drop the most loaded one.
            if (entry.Set.Count > 1 && now > entry.LastModified + _expirationMs)
            {
                var most = SetMax(destinations, entry.Set);
                if (most >= 0)
                {
                    entry.Set.RemoveAt(most);
                    entry.LastModified = now;
                }
            }
            if (chosen >= 0 && !Locality.IsOverloaded(destinations, chosen))
                return chosen;
            chosen = WeightedLeastConnectionScheduler.Select(destinations);
            if (chosen < 0)
                return IScheduler.NoDestination;
            entry.Insert(destinations[chosen].Key, now);
            return chosen;
        }

        chosen = WeightedLeastConnectionScheduler.Select(destinations);
        if (chosen < 0)
            return IScheduler.NoDestination;
        var created = new Entry { LastUse = now };
        created.Insert(destinations[chosen].Key, now);
        _table.TryAdd(packet.Destination, created);
        return chosen;
    }

    public void OnDestinationsChanged(ReadOnlySpan<RealServerState> destinations, in DestinationChange change)
    {
        if (change.Kind == DestinationChangeKind.Reset)
            _table.Reset();
    }

    /// <summary>
    /// <c>ip_vs_dest_set_min</c>: the member with the smallest overhead / weight among those with weight, not
    /// overloaded and still in the service; the first in set order wins a tie. Returns a destinations index.
    /// </summary>
    private static int SetMin(ReadOnlySpan<RealServerState> destinations, List<RealServerKey> set)
    {
        var least = -1;
        long leastOverhead = 0, leastWeight = 0;
        foreach (var member in set)
        {
            var i = Locality.IndexOf(destinations, member);
            if (i < 0 || destinations[i].Overloaded)
                continue;
            ref readonly var d = ref destinations[i];
            if (least < 0 ? d.Weight > 0 : leastOverhead * d.Weight > (long)d.ConnectionOverhead * leastWeight)
            {
                least = i;
                leastOverhead = d.ConnectionOverhead;
                leastWeight = d.Weight;
            }
        }
        return least;
    }

    /// <summary>
    /// <c>ip_vs_dest_set_max</c>: the member with the largest overhead / weight among those with weight; the first
    /// in set order wins a tie. Returns a set position. Members that left the service count as weight 0 (README).
    /// </summary>
    private static int SetMax(ReadOnlySpan<RealServerState> destinations, List<RealServerKey> set)
    {
        var most = -1;
        long mostOverhead = 0, mostWeight = 0;
        for (var position = 0; position < set.Count; position++)
        {
            var i = Locality.IndexOf(destinations, set[position]);
            if (i < 0 || destinations[i].Weight <= 0)
                continue;
            ref readonly var d = ref destinations[i];
            if (most < 0 || mostOverhead * d.Weight < (long)d.ConnectionOverhead * mostWeight)
            {
                most = position;
                mostOverhead = d.ConnectionOverhead;
                mostWeight = d.Weight;
            }
        }
        return most;
    }

    private sealed class Entry : LocalityEntry
    {
        public readonly List<RealServerKey> Set = [];
        public long LastModified;

        /// <summary><c>ip_vs_dest_set_insert</c>: new members go to the front of the set (<c>list_add_rcu</c>).</summary>
        public void Insert(RealServerKey server, long now)
        {
            if (Set.Contains(server))
                return;
            Set.Insert(0, server);
            LastModified = now;
        }
    }
}
