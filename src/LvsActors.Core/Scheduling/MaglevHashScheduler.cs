namespace LvsActors.Scheduling;

/// <summary>
/// mh (ip_vs_mh.c): Maglev consistent hashing. Each server gets a permutation of the lookup table's positions from
/// two keyed hashes of its address and port; servers take turns (in proportion to their weights) claiming their
/// next free preferred position until the table is full. A keyed hash of the client address (and, with mh-port,
/// its port) picks the position.
/// </summary>
public sealed class MaglevHashScheduler : IScheduler
{
    /// <summary>The table sizes <c>CONFIG_IP_VS_MH_TAB_INDEX</c> 8–17 select (ip_vs_mh.c <c>primes</c>).</summary>
    private static readonly int[] Primes = [251, 509, 1021, 2039, 4093, 8191, 16381, 32749, 65521, 131071];

    // generate_hash_secret: fixed keys, so every director builds the same table for the same servers.
    private const ulong Hash1Key = 2654435761UL;
    private const ulong Hash2Key = 2654446892UL;

    private readonly int[] _lookup;
    private readonly int _tableBits;
    private readonly bool _fallback;
    private readonly bool _usePort;
    private readonly List<int> _lastWeights = [];

    /// <summary>Creates the scheduler.</summary>
    /// <param name="fallback">The mh-fallback flag (<c>IP_VS_SVC_F_SCHED_MH_FALLBACK</c>).</param>
    /// <param name="usePort">The mh-port flag (<c>IP_VS_SVC_F_SCHED_MH_PORT</c>).</param>
    /// <param name="tableIndex"><c>CONFIG_IP_VS_MH_TAB_INDEX</c>, 8–17; the kernel's default 12 gives 4093 positions.</param>
    public MaglevHashScheduler(bool fallback = false, bool usePort = false, int tableIndex = 12)
    {
        if (tableIndex is < 8 or > 17)
            throw new ArgumentOutOfRangeException(nameof(tableIndex), tableIndex, "CONFIG_IP_VS_MH_TAB_INDEX is 8–17.");
        _fallback = fallback;
        _usePort = usePort;
        _tableBits = tableIndex / 2;
        _lookup = new int[Primes[tableIndex - 8]];
        Array.Fill(_lookup, IScheduler.NoDestination);
    }

    public string Name => "mh";

    /// <summary>The lookup table's size (a prime).</summary>
    public int TableSize => _lookup.Length;

    /// <summary>The lookup table: a destination index (or -1) per position.</summary>
    internal ReadOnlySpan<int> Lookup => _lookup;

    public int Schedule(ReadOnlySpan<RealServerState> destinations, in PacketAddressing packet)
    {
        var port = _usePort ? packet.SourcePort : (ushort)0;
        var key = unchecked(port + packet.Source.Fold());
        var home = (int)(KernelHash.HalfSipHash(key, Hash1Key, Hash1Key) % (uint)_lookup.Length);
        var index = _lookup[home];
        if (index < 0 || destinations[index].IsAvailable)
            return index;
        if (!_fallback)
            return IScheduler.NoDestination;
        // ip_vs_mh_get_fallback: rehash with offsets home, home + 1, … until an available server turns up.
        for (var offset = 0; offset < _lookup.Length; offset++)
        {
            var roffset = (uint)((offset + home) % _lookup.Length);
            var position = KernelHash.HalfSipHash(unchecked(roffset + key), Hash1Key, Hash1Key) % (uint)_lookup.Length;
            index = _lookup[position];
            if (index < 0)
                break;
            if (destinations[index].IsAvailable)
                return index;
        }
        return IScheduler.NoDestination;
    }

    public void OnDestinationsChanged(ReadOnlySpan<RealServerState> destinations, in DestinationChange change)
    {
        // dest->last_weight (ip_vs_ctl.c __ip_vs_update_dest) keeps the latest non-zero weight, so setting a
        // server's weight to 0 quiesces it without reshuffling the table.
        switch (change.Kind)
        {
            case DestinationChangeKind.Reset:
                _lastWeights.Clear();
                foreach (ref readonly var d in destinations)
                    _lastWeights.Add(d.Weight);
                break;
            case DestinationChangeKind.Added:
                _lastWeights.Insert(change.Index, destinations[change.Index].Weight);
                break;
            case DestinationChangeKind.Removed:
                _lastWeights.RemoveAt(change.Index);
                break;
            case DestinationChangeKind.Updated when destinations[change.Index].Weight != 0:
                _lastWeights[change.Index] = destinations[change.Index].Weight;
                break;
        }
        Reassign(destinations);
    }

    private void Reassign(ReadOnlySpan<RealServerState> destinations)
    {
        Array.Fill(_lookup, IScheduler.NoDestination);
        // The kernel refuses (-EINVAL) to build a table with more servers than positions and keeps its old table;
        // we leave the table empty instead, so that no stale index can point at the wrong server.
        var gcd = 0;
        var maxWeight = 0;
        foreach (var w in _lastWeights)
        {
            if (w > 0)
                gcd = gcd > 0 ? KernelHash.Gcd(w, gcd) : w;
            maxWeight = Math.Max(maxWeight, w);
        }
        if (destinations.Length > _lookup.Length || gcd < 1)
            return;
        // ip_vs_mh_shift_weight: shift weights so that max/gcd keeps at most IP_VS_MH_TAB_BITS bits.
        var shift = Math.Max(0, KernelHash.Fls((uint)(maxWeight / gcd)) - _tableBits);
        Populate(destinations, gcd, shift);
    }

    private void Populate(ReadOnlySpan<RealServerState> destinations, int gcd, int shift)
    {
        // ip_vs_mh_permutate
        var size = _lookup.Length;
        var n = destinations.Length;
        var skip = new int[n];
        var next = new int[n];
        var turns = new int[n];
        for (var i = 0; i < n; i++)
        {
            var key = unchecked(destinations[i].Port + destinations[i].Address.Fold());
            next[i] = (int)(KernelHash.HalfSipHash(key, Hash1Key, Hash1Key) % (uint)size);
            skip[i] = (int)(KernelHash.HalfSipHash(key, Hash2Key, Hash2Key) % (uint)(size - 1)) + 1;
            var lw = _lastWeights[i];
            turns[i] = (lw / gcd) >> shift;
            if (turns[i] == 0)
                turns[i] = lw != 0 ? 1 : 0;
        }

        // ip_vs_mh_populate: servers take turns in list order, each claiming 'turns' positions per round.
        var taken = new bool[size];
        var filled = 0;
        var round = 0;
        while (true)
        {
            for (var i = 0; i < n;)
            {
                if (turns[i] < 1)
                {
                    i++;
                    continue;
                }
                var c = next[i];
                while (taken[c])
                {
                    next[i] += skip[i];
                    if (next[i] >= size)
                        next[i] -= size;
                    c = next[i];
                }
                taken[c] = true;
                _lookup[c] = i;
                if (++filled == size)
                    return;
                if (++round >= turns[i])
                {
                    round = 0;
                    i++;
                }
            }
        }
    }
}
