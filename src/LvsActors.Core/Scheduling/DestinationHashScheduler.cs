namespace LvsActors.Scheduling;

/// <summary>
/// dh (ip_vs_dh.c): a 256-bucket table filled with the servers in list order, one bucket each, round and round;
/// the packet's destination address picks the bucket. An unavailable server means no destination.
/// </summary>
public sealed class DestinationHashScheduler : IScheduler
{
    /// <summary><c>CONFIG_IP_VS_DH_TAB_BITS</c> (not configurable in Kconfig; the source's default).</summary>
    private const int TableBits = 8;

    private readonly int[] _buckets = new int[1 << TableBits];

    /// <summary>Creates the scheduler with an empty table.</summary>
    public DestinationHashScheduler() => Array.Fill(_buckets, IScheduler.NoDestination);

    public string Name => "dh";

    public int Schedule(ReadOnlySpan<RealServerState> destinations, in PacketAddressing packet)
    {
        var index = _buckets[KernelHash.Hash32(packet.Destination.Fold(), TableBits)];
        return (uint)index < (uint)destinations.Length && destinations[index].IsAvailable
            ? index
            : IScheduler.NoDestination;
    }

    public void OnDestinationsChanged(ReadOnlySpan<RealServerState> destinations, in DestinationChange change)
    {
        // ip_vs_dh_reassign runs on add and delete only; the table ignores weights, so edits change nothing.
        if (change.Kind == DestinationChangeKind.Updated)
            return;
        for (var i = 0; i < _buckets.Length; i++)
            _buckets[i] = destinations.IsEmpty ? IScheduler.NoDestination : i % destinations.Length;
    }
}
