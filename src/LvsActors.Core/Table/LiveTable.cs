namespace LvsActors.Table;

/// <summary>
/// A table read back from a data plane, with what the kernel counts: the input of <c>ipvsadm -Ln</c>-style listings.
/// </summary>
/// <param name="Version">The IPVS version as ipvsadm prints it, e.g. "1.2.1".</param>
/// <param name="ConnectionTableSize">Buckets of the kernel's connection hash table ("size=4096").</param>
/// <param name="Services">The services in the order the kernel listed them.</param>
public sealed record LiveTable(string Version, uint ConnectionTableSize, IReadOnlyList<LiveService> Services)
{
    /// <summary>The table entries alone, counters dropped: what a reconcile compares with the desired table.</summary>
    public IReadOnlyList<ServiceEntry> Entries => Services.Select(s => s.Entry).ToList();
}

/// <summary>A virtual service as the kernel holds it, with its counters.</summary>
/// <param name="Entry">The service's settings and destinations, comparable with a desired entry.</param>
/// <param name="Stats">The service's counters and rates.</param>
/// <param name="Destinations">The same destinations as <paramref name="Entry"/>, each with its connections and counters.</param>
public sealed record LiveService(ServiceEntry Entry, TrafficStats Stats, IReadOnlyList<LiveDestination> Destinations);

/// <summary>A real server as the kernel holds it, with its connection counts and counters.</summary>
/// <param name="Entry">The destination's settings.</param>
/// <param name="ActiveConnections">Established connections (ipvsadm's ActiveConn).</param>
/// <param name="InactiveConnections">Connections in other states (ipvsadm's InActConn).</param>
/// <param name="Stats">The destination's counters and rates.</param>
public sealed record LiveDestination(DestinationEntry Entry, uint ActiveConnections, uint InactiveConnections, TrafficStats Stats)
{
    /// <summary>
    /// The kernel's "local node" forwarding (ipvsadm prints "Local"), which configuration cannot ask for; the entry
    /// then says direct routing, as <c>ipvsadm -S</c> does.
    /// </summary>
    public bool LocalNode { get; init; }
}

/// <summary>What IPVS counts for a service or destination: totals, and per-second rates from its estimator.</summary>
/// <param name="Connections">Connections scheduled.</param>
/// <param name="IncomingPackets">Packets from clients.</param>
/// <param name="OutgoingPackets">Packets to clients (NAT only).</param>
/// <param name="IncomingBytes">Bytes from clients.</param>
/// <param name="OutgoingBytes">Bytes to clients (NAT only).</param>
/// <param name="ConnectionRate">Connections per second.</param>
/// <param name="IncomingPacketRate">Incoming packets per second.</param>
/// <param name="OutgoingPacketRate">Outgoing packets per second.</param>
/// <param name="IncomingByteRate">Incoming bytes per second.</param>
/// <param name="OutgoingByteRate">Outgoing bytes per second.</param>
public sealed record TrafficStats(
    ulong Connections, ulong IncomingPackets, ulong OutgoingPackets, ulong IncomingBytes, ulong OutgoingBytes,
    ulong ConnectionRate, ulong IncomingPacketRate, ulong OutgoingPacketRate, ulong IncomingByteRate,
    ulong OutgoingByteRate)
{
    /// <summary>Nothing counted.</summary>
    public static TrafficStats Zero { get; } = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
