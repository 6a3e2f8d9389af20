using System.Net;
using System.Net.Sockets;

namespace LvsActors.Linux.Ipvs;

/// <summary>How the director forwards packets to a destination (IP_VS_CONN_F_* forwarding methods).</summary>
public enum IpvsForwardingMethod : uint
{
    /// <summary>NAT (ipvsadm -m): rewrite the destination address; replies must come back through the director.</summary>
    Masquerade = 0,

    /// <summary>Deliver locally (the destination is an address of this host).</summary>
    LocalNode = 1,

    /// <summary>IP-in-IP, GUE or GRE tunnelling (ipvsadm -i).</summary>
    Tunnel = 2,

    /// <summary>Direct routing (ipvsadm -g, its default): rewrite the MAC address only.</summary>
    DirectRoute = 3,

    /// <summary>Cache bypass.</summary>
    Bypass = 4,
}

/// <summary>Tunnel encapsulation for <see cref="IpvsForwardingMethod.Tunnel"/> (kernel 5.2+; GRE 5.3+).</summary>
public enum IpvsTunnelType : byte
{
    /// <summary>IP-in-IP, the default and the only type before 5.2.</summary>
    IpIp = 0,

    /// <summary>Generic UDP Encapsulation; needs a tunnel port.</summary>
    Gue = 1,

    /// <summary>GRE.</summary>
    Gre = 2,
}

/// <summary>Checksum options of GUE/GRE tunnels (IP_VS_TUNNEL_ENCAP_FLAG_*).</summary>
[Flags]
public enum IpvsTunnelFlags : ushort
{
    /// <summary>No checksum (IP_VS_TUNNEL_ENCAP_FLAG_NOCSUM).</summary>
    NoChecksum = 0,

    /// <summary>Checksum the encapsulation (CSUM).</summary>
    Checksum = 1,

    /// <summary>Remote checksum offload (REMCSUM).</summary>
    RemoteChecksum = 2,
}

/// <summary>Which sync daemon: the master sends connection state, the backup receives it.</summary>
public enum IpvsDaemonState : uint
{
    /// <summary>IP_VS_STATE_MASTER.</summary>
    Master = 1,

    /// <summary>IP_VS_STATE_BACKUP.</summary>
    Backup = 2,
}

/// <summary>
/// A destination (real server) of a service as the kernel holds it. Record equality compares exactly what IPVS
/// applies, so desired and dumped destinations compare directly.
/// </summary>
/// <param name="Address">The real server's address; its family may differ from the service's only with tunnelling.</param>
/// <param name="Port">The real server's port (ignored by the kernel for DR and TUN, which keep the virtual port).</param>
public sealed record IpvsDestination(IPAddress Address, ushort Port)
{
    /// <summary>Forwarding method; ipvsadm's default is direct routing.</summary>
    public IpvsForwardingMethod ForwardingMethod { get; init; } = IpvsForwardingMethod.DirectRoute;

    /// <summary>Weight ≥ 0; 0 quiesces the destination (no new connections). The kernel rejects negatives (ERANGE).</summary>
    public int Weight { get; init; } = 1;

    /// <summary>Stop scheduling new connections above this many active ones; 0 = no limit.</summary>
    public uint UpperThreshold { get; init; }

    /// <summary>Resume scheduling below this many; 0 = no limit. Must not exceed a non-zero upper threshold.</summary>
    public uint LowerThreshold { get; init; }

    /// <summary>Tunnel encapsulation when forwarding by tunnel.</summary>
    public IpvsTunnelType TunnelType { get; init; }

    /// <summary>Tunnel destination port for GUE (required non-zero); 0 otherwise.</summary>
    public ushort TunnelPort { get; init; }

    /// <summary>Tunnel checksum options for GUE and GRE.</summary>
    public IpvsTunnelFlags TunnelFlags { get; init; }

    /// <summary>The address family sent as IPVS_DEST_ATTR_ADDR_FAMILY (from the address).</summary>
    public AddressFamily Family => Address.AddressFamily;

    /// <summary>"198.51.100.11:80" or "[2001:db8::11]:80".</summary>
    public override string ToString() => Address.AddressFamily == AddressFamily.InterNetworkV6
        ? $"[{Address}]:{Port}"
        : $"{Address}:{Port}";
}

/// <summary>A destination read back from the kernel: its settings, connection counts and counters.</summary>
/// <param name="Destination">The settings, comparable with a desired <see cref="IpvsDestination"/>.</param>
/// <param name="ActiveConnections">Established connections.</param>
/// <param name="InactiveConnections">Connections in other states.</param>
/// <param name="PersistentConnections">Persistence templates pointing at this destination.</param>
/// <param name="Stats">The counters.</param>
public sealed record IpvsDestinationEntry(
    IpvsDestination Destination, uint ActiveConnections, uint InactiveConnections, uint PersistentConnections,
    IpvsStats Stats);

/// <summary>A connection-sync daemon (ipvsadm --start-daemon). Master and backup may run at the same time.</summary>
/// <param name="State">Master or backup.</param>
/// <param name="Interface">Multicast interface name (≤ 15 characters).</param>
/// <param name="SyncId">Sync id; a backup accepts only messages with its id (0 on a backup accepts any).</param>
public sealed record IpvsDaemon(IpvsDaemonState State, string Interface, uint SyncId = 0)
{
    /// <summary>Maximum sync message payload in bytes; 0 lets the kernel derive it from the interface MTU.</summary>
    public ushort MaxLength { get; init; }

    /// <summary>Multicast group (IPv4 or IPv6); null for the kernel's default 224.0.0.81.</summary>
    public IPAddress? MulticastGroup { get; init; }

    /// <summary>UDP port; 0 for the kernel's default 8848.</summary>
    public ushort MulticastPort { get; init; }

    /// <summary>Multicast TTL; 0 for the kernel's default 1.</summary>
    public byte MulticastTtl { get; init; }
}

/// <summary>Connection timeouts in seconds (ipvsadm --set). When setting, 0 leaves a value unchanged.</summary>
/// <param name="Tcp">Established TCP connections.</param>
/// <param name="TcpFin">TCP connections after a FIN.</param>
/// <param name="Udp">UDP flows.</param>
public sealed record IpvsTimeouts(uint Tcp, uint TcpFin, uint Udp);

/// <summary>What IPVS reports about itself (IPVS_CMD_GET_INFO).</summary>
/// <param name="Version">IP_VS_VERSION_CODE, e.g. 0x010201.</param>
/// <param name="ConnectionTableSize">Buckets in the connection hash table (ip_vs_conn_tab_bits).</param>
public sealed record IpvsInfo(uint Version, uint ConnectionTableSize)
{
    /// <summary>The version as ipvsadm prints it, e.g. "1.2.1".</summary>
    public string VersionText => $"{(Version >> 16) & 0xFF}.{(Version >> 8) & 0xFF}.{Version & 0xFF}";
}
