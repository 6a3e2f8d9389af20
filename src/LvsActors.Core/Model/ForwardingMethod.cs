namespace LvsActors.Model;

/// <summary>How the director passes a packet to a real server (keepalived lvs_method, ipvsadm -m/-g/-i).</summary>
public enum ForwardingMethod
{
    /// <summary>NAT, "masquerading": the destination address and port are rewritten; replies return through the director.</summary>
    Nat,

    /// <summary>Direct routing, "gatewaying": only the MAC is rewritten; the real server holds the VIP and answers directly.</summary>
    DirectRouting,

    /// <summary>IP tunnelling: the packet is encapsulated to the real server, which answers directly.</summary>
    Tunnel,
}

/// <summary>The encapsulation used by <see cref="ForwardingMethod.Tunnel"/> (kernel IP_VS_CONN_F_TUNNEL_TYPE_*).</summary>
public enum TunnelType
{
    Ipip,
    Gue,
    Gre,
}

/// <summary>Checksum handling of GUE and GRE tunnels (kernel IP_VS_TUNNEL_ENCAP_FLAG_*).</summary>
public enum TunnelChecksum
{
    NoChecksum,
    Checksum,
    RemoteChecksum,
}

/// <summary>Tunnel settings of a real server reached by <see cref="ForwardingMethod.Tunnel"/>.</summary>
public sealed record TunnelSettings(TunnelType Type, ushort Port, TunnelChecksum Checksum)
{
    /// <summary>Plain IP-in-IP, the kernel's default tunnel.</summary>
    public static readonly TunnelSettings Ipip = new(TunnelType.Ipip, 0, TunnelChecksum.NoChecksum);
}
