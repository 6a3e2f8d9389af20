namespace LvsActors.Scheduling;

/// <summary>The addressing of the first packet of a new connection: what hashing schedulers key on.</summary>
/// <remarks>
/// No protocol: IPVS schedules only TCP, UDP and SCTP packets (AH/ESP and ICMP are never scheduled on their own, see
/// <see cref="Model.Protocol"/>), and all three carry their ports in the first four bytes of the transport header, so
/// sh/mh's <c>*_get_port</c> always read <see cref="SourcePort"/> here; their "no ports, port 0" branch is unreachable.
/// </remarks>
/// <param name="Source">Client address (sh, mh).</param>
/// <param name="SourcePort">Client port, host order (sh-port, mh-port).</param>
/// <param name="Destination">Destination address, usually the VIP (dh, lblc, lblcr).</param>
/// <param name="DestinationPort">Destination port, host order.</param>
public readonly record struct PacketAddressing(
    InetAddress Source,
    ushort SourcePort,
    InetAddress Destination,
    ushort DestinationPort);
