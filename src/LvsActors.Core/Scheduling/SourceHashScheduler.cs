namespace LvsActors.Scheduling;

/// <summary>
/// sh (ip_vs_sh.c): a table of 2^bits buckets where each server in list order takes as many consecutive buckets as
/// its weight, round and round; a hash of the client address (and, with sh-port, its port) picks the bucket.
/// </summary>
/// <remarks>
/// Without sh-fallback an unavailable server (weight 0 or overloaded) means no destination; with it, the scheduler
/// walks the table from the hashed bucket to the next available server, as <c>ip_vs_sh_get_fallback</c> does.
/// </remarks>
public sealed class SourceHashScheduler : IScheduler
{
    private readonly int[] _buckets;
    private readonly int _bits;
    private readonly bool _fallback;
    private readonly bool _usePort;

    /// <summary>Creates the scheduler.</summary>
    /// <param name="fallback">The sh-fallback flag (<c>IP_VS_SVC_F_SCHED_SH_FALLBACK</c>).</param>
    /// <param name="usePort">The sh-port flag (<c>IP_VS_SVC_F_SCHED_SH_PORT</c>).</param>
    /// <param name="tableBits"><c>CONFIG_IP_VS_SH_TAB_BITS</c>, 4–20; the kernel's default is 8.</param>
    public SourceHashScheduler(bool fallback = false, bool usePort = false, int tableBits = 8)
    {
        if (tableBits is < 4 or > 20)
            throw new ArgumentOutOfRangeException(nameof(tableBits), tableBits, "CONFIG_IP_VS_SH_TAB_BITS is 4–20.");
        _bits = tableBits;
        _fallback = fallback;
        _usePort = usePort;
        _buckets = new int[1 << tableBits];
        Array.Fill(_buckets, IScheduler.NoDestination);
    }

    public string Name => "sh";

    public int Schedule(ReadOnlySpan<RealServerState> destinations, in PacketAddressing packet)
    {
        var port = _usePort ? packet.SourcePort : (ushort)0;
        var key = unchecked(port + packet.Source.Fold());
        var mask = _buckets.Length - 1;
        var home = (int)KernelHash.Hash32(key, _bits) & mask;
        var index = _buckets[home];
        if (index < 0 || destinations[index].IsAvailable)
            return index;
        if (!_fallback)
            return IScheduler.NoDestination;
        // ip_vs_sh_get_fallback: bucket (roffset + hash) where roffset runs from the hash itself round the table.
        for (var offset = 0; offset < _buckets.Length; offset++)
        {
            var roffset = (offset + home) % _buckets.Length;
            index = _buckets[(roffset + home) & mask];
            if (index < 0)
                break;
            if (destinations[index].IsAvailable)
                return index;
        }
        return IScheduler.NoDestination;
    }

    public void OnDestinationsChanged(ReadOnlySpan<RealServerState> destinations, in DestinationChange change)
    {
        // ip_vs_sh_reassign, on add, delete and edit: a weight-0 server still takes one bucket.
        var server = 0;
        var taken = 0;
        for (var i = 0; i < _buckets.Length; i++)
        {
            if (destinations.IsEmpty)
            {
                _buckets[i] = IScheduler.NoDestination;
                continue;
            }
            _buckets[i] = server;
            if (++taken >= destinations[server].Weight)
            {
                server = (server + 1) % destinations.Length;
                taken = 0;
            }
        }
    }
}
