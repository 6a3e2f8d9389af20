namespace LvsActors.Scheduling;

/// <summary>A cache entry of lblc or lblcr: when its destination address was last scheduled.</summary>
internal abstract class LocalityEntry
{
    public long LastUse;
}

/// <summary>
/// The destination-address cache that lblc and lblcr share, with the kernel's garbage collection
/// (ip_vs_lblc.c / ip_vs_lblcr.c <c>*_check_expire</c>, <c>*_full_check</c>) replayed lazily: every periodic
/// check that fell due before "now" runs, at its own due time, before the cache is read.
/// </summary>
internal sealed class LocalityTable<TEntry> where TEntry : LocalityEntry
{
    private const long CheckIntervalMs = 60_000; // CHECK_EXPIRE_INTERVAL
    private const long EntryTimeoutMs = 6 * 60_000; // ENTRY_TIMEOUT
    private const int CountForFullExpiration = 30; // a full check every 30 minutes
    private const int TableBits = 10; // CONFIG_IP_VS_LBLC_TAB_BITS / CONFIG_IP_VS_LBLCR_TAB_BITS
    private const int MaxSize = (1 << TableBits) * 16; // tbl->max_size = IP_VS_LBLC_TAB_SIZE * 16

    private readonly Dictionary<InetAddress, TEntry> _entries = [];
    private readonly List<InetAddress> _doomed = [];
    private readonly Func<long> _clockMs;
    private readonly long _expirationMs;
    private long _nextCheck;
    private int _counter = 1;
    private int _rover; // the hash bucket where the last size-limited collection stopped
    private int _counted; // the kernel's tbl->entries, which can drift above the real count (see RemoveUncounted)

    public LocalityTable(Func<long> clockMs, TimeSpan expiration)
    {
        _clockMs = clockMs ?? throw new ArgumentNullException(nameof(clockMs));
        _expirationMs = (long)expiration.TotalMilliseconds;
        Reset();
    }

    public int Count => _entries.Count;

    /// <summary>The kernel's <c>tbl-&gt;entries</c> counter.</summary>
    public int CountedEntries => _counted;

    /// <summary>Forgets every entry and restarts the periodic check (<c>init_service</c>).</summary>
    public void Reset()
    {
        _entries.Clear();
        _counted = 0;
        _counter = 1;
        _rover = 0;
        _nextCheck = _clockMs() + CheckIntervalMs;
    }

    /// <summary>Reads the clock and runs every periodic check that is due.</summary>
    public long Now()
    {
        var now = _clockMs();
        while (now >= _nextCheck)
        {
            CheckExpire(_nextCheck);
            _nextCheck += CheckIntervalMs;
        }
        return now;
    }

    public bool TryGet(InetAddress address, out TEntry entry) => _entries.TryGetValue(address, out entry!);

    /// <summary>
    /// Drops an entry to replace it. ip_vs_lblc.c <c>ip_vs_lblc_new</c> unlinks the old entry without decrementing
    /// <c>tbl->entries</c>, so the counter (which decides "table full") only falls again in garbage collection.
    /// </summary>
    public void RemoveUncounted(InetAddress address) => _entries.Remove(address);

    /// <summary>Adds an entry unless the counter is over the maximum (<c>entries &gt; max_size</c>: the kernel then
    /// schedules without caching).</summary>
    public void TryAdd(InetAddress address, TEntry entry)
    {
        if (_counted > MaxSize)
            return;
        _entries[address] = entry;
        _counted++;
    }

    private void CheckExpire(long now)
    {
        if (_counter % CountForFullExpiration == 0)
        {
            // The full check walks every bucket, so its order does not matter and the rover ends where it began.
            _doomed.Clear();
            foreach (var (address, entry) in _entries)
            {
                if (now >= entry.LastUse + _expirationMs)
                    _doomed.Add(address);
            }
            Drop(_doomed);
            _counter = 1;
            return;
        }
        if (_counted <= MaxSize)
        {
            _counter++;
            return;
        }
        var goal = Math.Min((_counted - MaxSize) * 4 / 3, MaxSize / 2);
        CollectFromRover(now, goal);
    }

    /// <summary>
    /// Size-limited collection: visit hash buckets (<c>hash_32(addr_fold, 10)</c>) from the one after the rover,
    /// dropping every entry idle for ENTRY_TIMEOUT in a visited bucket, and stop after the bucket that meets the goal.
    /// </summary>
    private void CollectFromRover(long now, int goal)
    {
        var idleByBucket = new List<InetAddress>?[1 << TableBits];
        foreach (var (address, entry) in _entries)
        {
            if (now >= entry.LastUse + EntryTimeoutMs)
                (idleByBucket[KernelHash.Hash32(address.Fold(), TableBits)] ??= []).Add(address);
        }
        var bucket = _rover;
        for (var i = 0; i < idleByBucket.Length; i++)
        {
            bucket = (bucket + 1) & (idleByBucket.Length - 1);
            if (idleByBucket[bucket] is { } idle)
            {
                Drop(idle);
                goal -= idle.Count;
            }
            if (goal <= 0)
                break;
        }
        _rover = bucket;
    }

    private void Drop(List<InetAddress> addresses)
    {
        foreach (var address in addresses)
            _entries.Remove(address);
        _counted -= addresses.Count;
    }
}

/// <summary>Rules lblc and lblcr share.</summary>
internal static class Locality
{
    /// <summary>
    /// <c>is_overloaded</c> in ip_vs_lblc.c / ip_vs_lblcr.c: the server holds more active connections than its
    /// weight while some server in the service is below half of its own weight.
    /// </summary>
    public static bool IsOverloaded(ReadOnlySpan<RealServerState> destinations, int index)
    {
        if (destinations[index].ActiveConnections <= destinations[index].Weight)
            return false;
        foreach (ref readonly var d in destinations)
        {
            if (d.ActiveConnections * 2 < d.Weight)
                return true;
        }
        return false;
    }

    /// <summary>Finds a cached server in the current list; -1 when it has left the service.</summary>
    public static int IndexOf(ReadOnlySpan<RealServerState> destinations, RealServerKey key)
    {
        for (var i = 0; i < destinations.Length; i++)
        {
            if (destinations[i].Port == key.Port && destinations[i].Address == key.Address)
                return i;
        }
        return -1;
    }
}
