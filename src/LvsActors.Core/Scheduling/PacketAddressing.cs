namespace LvsActors.Scheduling;

/// <summary>IP protocol numbers the schedulers care about.</summary>
public enum IpProtocol : byte
{
    Icmp = 1,
    Tcp = 6,
    Udp = 17,
    IcmpV6 = 58,
    Sctp = 132,
}

/// <summary>The addressing of the first packet of a new connection: what hashing schedulers key on.</summary>
/// <param name="Source">Client address (sh, mh).</param>
/// <param name="SourcePort">Client port, host order (sh-port, mh-port).</param>
/// <param name="Destination">Destination address, usually the VIP (dh, lblc, lblcr).</param>
/// <param name="DestinationPort">Destination port, host order.</param>
/// <param name="Protocol">Transport protocol; ports count only for TCP, UDP and SCTP.</param>
public readonly record struct PacketAddressing(
    InetAddress Source,
    ushort SourcePort,
    InetAddress Destination,
    ushort DestinationPort,
    IpProtocol Protocol = IpProtocol.Tcp)
{
    /// <summary>
    /// The source port when the protocol has ports, else 0 (ip_vs_sh.c/ip_vs_mh.c <c>*_get_port</c>:
    /// only TCP, UDP and SCTP have the ports in the first 4 bytes of the transport header).
    /// </summary>
    internal ushort HashPort => Protocol is IpProtocol.Tcp or IpProtocol.Udp or IpProtocol.Sctp ? SourcePort : (ushort)0;
}
