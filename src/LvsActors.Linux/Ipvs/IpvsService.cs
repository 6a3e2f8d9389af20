using System.Net;
using System.Net.Sockets;
using LvsActors.Model;

namespace LvsActors.Linux.Ipvs;

/// <summary>Virtual service flags (IP_VS_SVC_F_*). The kernel adds <see cref="Hashed"/> itself; the client strips it.</summary>
[Flags]
public enum IpvsServiceFlags : uint
{
    /// <summary>No flags.</summary>
    None = 0,

    /// <summary>Persistent service: a client sticks to one destination for the persistence timeout.</summary>
    Persistent = 0x1,

    /// <summary>Set by the kernel on every hashed (live) service; never sent.</summary>
    Hashed = 0x2,

    /// <summary>One-packet scheduling (UDP): schedule every datagram, keep no connection entry.</summary>
    OnePacket = 0x4,

    /// <summary>Scheduler flag 1: for sh and mh, fall back to another destination when the chosen one is unavailable.</summary>
    SchedulerFlag1 = 0x8,

    /// <summary>Scheduler flag 2: for sh and mh, hash the source port as well as the address.</summary>
    SchedulerFlag2 = 0x10,

    /// <summary>Scheduler flag 3 (unused by the in-tree schedulers).</summary>
    SchedulerFlag3 = 0x20,
}

/// <summary>
/// What identifies a virtual service to the kernel: address family plus protocol, address and port, or a firewall mark.
/// </summary>
/// <param name="Family">IPv4 (<see cref="AddressFamily.InterNetwork"/>) or IPv6 (<see cref="AddressFamily.InterNetworkV6"/>).</param>
/// <param name="Protocol">TCP, UDP or SCTP; null for firewall-mark services, which match whatever protocol the mark was
/// set on (the kernel then has no IPVS_SVC_ATTR_PROTOCOL).</param>
/// <param name="Address">The virtual address; null for firewall-mark services.</param>
/// <param name="Port">The virtual port; 0 for firewall-mark services (and for port-less persistent services).</param>
/// <param name="FirewallMark">The netfilter mark that selects the traffic; 0 for address services.</param>
public sealed record IpvsServiceKey(
    AddressFamily Family, Protocol? Protocol, IPAddress? Address, ushort Port, uint FirewallMark)
{
    /// <summary>An address:port service for <paramref name="protocol"/>; the family comes from the address.</summary>
    public static IpvsServiceKey For(Protocol protocol, IPAddress address, ushort port) =>
        new(address.AddressFamily, protocol, address, port, 0);

    /// <summary>A TCP service on <paramref name="address"/>:<paramref name="port"/>.</summary>
    public static IpvsServiceKey Tcp(IPAddress address, ushort port) => For(Model.Protocol.Tcp, address, port);

    /// <summary>A UDP service on <paramref name="address"/>:<paramref name="port"/>.</summary>
    public static IpvsServiceKey Udp(IPAddress address, ushort port) => For(Model.Protocol.Udp, address, port);

    /// <summary>An SCTP service on <paramref name="address"/>:<paramref name="port"/>.</summary>
    public static IpvsServiceKey Sctp(IPAddress address, ushort port) => For(Model.Protocol.Sctp, address, port);

    /// <summary>A firewall-mark service for packets marked <paramref name="mark"/> (non-zero) of one family.</summary>
    public static IpvsServiceKey ForFirewallMark(uint mark, AddressFamily family = AddressFamily.InterNetwork) =>
        mark == 0
            ? throw new ArgumentOutOfRangeException(nameof(mark), "A firewall mark service needs a non-zero mark.")
            : new(family, null, null, 0, mark);

    /// <summary>True for a firewall-mark service.</summary>
    public bool IsFirewallMark => FirewallMark != 0;

    /// <summary>ipvsadm's notation: "192.0.2.1:80/TCP", "[2001:db8::1]:443/TCP", "fwmark 7/IPv4".</summary>
    public override string ToString()
    {
        if (IsFirewallMark || Address is null)
        {
            return $"fwmark {FirewallMark}/{(Family == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4")}";
        }

        string host = Address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{Address}]" : Address.ToString();
        return $"{host}:{Port}/{Protocol?.ToString().ToUpperInvariant()}";
    }
}

/// <summary>
/// A virtual service as the kernel holds it: its key and scheduling settings. Record equality compares exactly the
/// settings IPVS applies, so a reconciler can compare desired with dumped services directly.
/// </summary>
/// <param name="Key">What identifies the service.</param>
/// <param name="Scheduler">Scheduler name: rr, wrr, lc, wlc, lblc, lblcr, dh, sh, sed, nq, fo, ovf, mh (≤ 15 characters;
/// the kernel loads module ip_vs_{name}).</param>
public sealed record IpvsService(IpvsServiceKey Key, string Scheduler = "wlc")
{
    /// <summary>Service flags; include <see cref="IpvsServiceFlags.Persistent"/> for a persistent service.</summary>
    public IpvsServiceFlags Flags { get; init; }

    /// <summary>Persistence timeout in seconds (ipvsadm -p; 300 is its default). Used when Persistent is set.</summary>
    public uint PersistenceTimeout { get; init; }

    /// <summary>Persistence granularity as a prefix length (ipvsadm -M): clients in one prefix stick together.
    /// Null means per client address; the full length (32 for IPv4, 128 for IPv6) is stored as null too, so that a
    /// desired service equals the one the kernel reports.</summary>
    public int? PersistencePrefixLength
    {
        get => _persistencePrefixLength;
        init => _persistencePrefixLength = value == (Key.Family == AddressFamily.InterNetworkV6 ? 128 : 32) ? null : value;
    }

    /// <summary>Persistence engine name, e.g. "sip" (module ip_vs_pe_sip); null (or empty, stored as null) for none.</summary>
    public string? PersistenceEngine
    {
        get => _persistenceEngine;
        init => _persistenceEngine = string.IsNullOrEmpty(value) ? null : value;
    }

    private readonly int? _persistencePrefixLength;
    private readonly string? _persistenceEngine;
}

/// <summary>Traffic counters of a service or destination (STATS64 when the kernel sends it, else STATS).</summary>
/// <param name="Connections">Connections scheduled.</param>
/// <param name="IncomingPackets">Packets from clients.</param>
/// <param name="OutgoingPackets">Packets to clients (NAT only: with DR and TUN replies bypass the director).</param>
/// <param name="IncomingBytes">Bytes from clients.</param>
/// <param name="OutgoingBytes">Bytes to clients.</param>
/// <param name="ConnectionRate">Current connections per second (estimator).</param>
/// <param name="IncomingPacketRate">Current incoming packets per second.</param>
/// <param name="OutgoingPacketRate">Current outgoing packets per second.</param>
/// <param name="IncomingByteRate">Current incoming bytes per second.</param>
/// <param name="OutgoingByteRate">Current outgoing bytes per second.</param>
public sealed record IpvsStats(
    ulong Connections, ulong IncomingPackets, ulong OutgoingPackets, ulong IncomingBytes, ulong OutgoingBytes,
    ulong ConnectionRate, ulong IncomingPacketRate, ulong OutgoingPacketRate, ulong IncomingByteRate,
    ulong OutgoingByteRate)
{
    /// <summary>All counters zero (also what a reply without statistics yields).</summary>
    public static IpvsStats Zero { get; } = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}

/// <summary>A service read back from the kernel: its settings and its counters.</summary>
/// <param name="Service">The settings, comparable with a desired <see cref="IpvsService"/>.</param>
/// <param name="Stats">The counters.</param>
public sealed record IpvsServiceEntry(IpvsService Service, IpvsStats Stats);
