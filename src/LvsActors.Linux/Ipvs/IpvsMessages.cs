using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using LvsActors.Linux.Netlink;
using static LvsActors.Linux.Ipvs.IpvsConstants;
using static LvsActors.Linux.Netlink.NetlinkConstants;

namespace LvsActors.Linux.Ipvs;

/// <summary>
/// Builds every IPVS request, byte for byte as ipvsadm's libipvs (on libnl 3) sends it: the same attributes in the
/// same order, addresses as 16-byte union nf_inet_addr, ports in network order, nests flagged NLA_F_NESTED, and
/// NLM_F_ACK on every request. Differences, none of which the kernel reads: nlmsg_pid is 0 (libnl writes the socket's
/// port id there), and where the kernel reads only the identifying attributes of a service (destination commands,
/// delete, get, zero: ip_vs_genl_parse_service with full_entry false) we send only those, as libipvs's own
/// ipvs_get_dests does; that keeps batches of thousands of destination commands small. Pure: no socket.
/// </summary>
internal static class IpvsMessages
{
    private const ushort RequestFlags = NLM_F_REQUEST | NLM_F_ACK;
    private const ushort DumpFlags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP;
    private const int InetAddrWidth = 16; // sizeof(union nf_inet_addr)

    public static void NewService(NetlinkMessageWriter w, uint seq, ushort family, IpvsService service) =>
        ServiceCommand(w, seq, family, IPVS_CMD_NEW_SERVICE, service);

    public static void SetService(NetlinkMessageWriter w, uint seq, ushort family, IpvsService service) =>
        ServiceCommand(w, seq, family, IPVS_CMD_SET_SERVICE, service);

    public static void DelService(NetlinkMessageWriter w, uint seq, ushort family, IpvsServiceKey key) =>
        KeyCommand(w, seq, family, IPVS_CMD_DEL_SERVICE, RequestFlags, key);

    public static void GetService(NetlinkMessageWriter w, uint seq, ushort family, IpvsServiceKey key) =>
        KeyCommand(w, seq, family, IPVS_CMD_GET_SERVICE, RequestFlags, key);

    public static void DumpServices(NetlinkMessageWriter w, uint seq, ushort family) =>
        Empty(w, seq, family, IPVS_CMD_GET_SERVICE, DumpFlags);

    public static void NewDest(NetlinkMessageWriter w, uint seq, ushort family, IpvsServiceKey key, IpvsDestination d) =>
        DestCommand(w, seq, family, IPVS_CMD_NEW_DEST, key, d);

    public static void SetDest(NetlinkMessageWriter w, uint seq, ushort family, IpvsServiceKey key, IpvsDestination d) =>
        DestCommand(w, seq, family, IPVS_CMD_SET_DEST, key, d);

    public static void DelDest(NetlinkMessageWriter w, uint seq, ushort family, IpvsServiceKey key, IpvsDestination d) =>
        DestCommand(w, seq, family, IPVS_CMD_DEL_DEST, key, d);

    public static void DumpDests(NetlinkMessageWriter w, uint seq, ushort family, IpvsServiceKey key) =>
        KeyCommand(w, seq, family, IPVS_CMD_GET_DEST, DumpFlags, key);

    public static void NewDaemon(NetlinkMessageWriter w, uint seq, ushort family, IpvsDaemon daemon)
    {
        CheckName(daemon.Interface, IP_VS_IFNAME_MAXLEN, "sync daemon interface name");
        Begin(w, seq, family, IPVS_CMD_NEW_DAEMON, RequestFlags);
        int nest = w.BeginNested(IPVS_CMD_ATTR_DAEMON);
        w.PutU32(IPVS_DAEMON_ATTR_STATE, (uint)daemon.State);
        w.PutString(IPVS_DAEMON_ATTR_MCAST_IFN, daemon.Interface);
        w.PutU32(IPVS_DAEMON_ATTR_SYNC_ID, daemon.SyncId);
        // Zero means "kernel default" for these three, so like libipvs we leave them out.
        if (daemon.MaxLength != 0)
        {
            w.PutU16(IPVS_DAEMON_ATTR_SYNC_MAXLEN, daemon.MaxLength);
        }

        if (daemon.MulticastPort != 0)
        {
            w.PutU16(IPVS_DAEMON_ATTR_MCAST_PORT, daemon.MulticastPort); // host order, unlike service ports
        }

        if (daemon.MulticastTtl != 0)
        {
            w.PutU8(IPVS_DAEMON_ATTR_MCAST_TTL, daemon.MulticastTtl);
        }

        if (daemon.MulticastGroup is { AddressFamily: AddressFamily.InterNetworkV6 } group6)
        {
            w.PutAddress(IPVS_DAEMON_ATTR_MCAST_GROUP6, group6);
        }
        else if (daemon.MulticastGroup is { } group4)
        {
            w.PutAddress(IPVS_DAEMON_ATTR_MCAST_GROUP, group4);
        }

        w.EndNested(nest);
        w.EndMessage();
    }

    /// <summary>Stops a daemon. ip_vs_genl_del_daemon reads only STATE (libipvs also sends the ignored
    /// interface and sync id).</summary>
    public static void DelDaemon(NetlinkMessageWriter w, uint seq, ushort family, IpvsDaemonState state)
    {
        Begin(w, seq, family, IPVS_CMD_DEL_DAEMON, RequestFlags);
        int nest = w.BeginNested(IPVS_CMD_ATTR_DAEMON);
        w.PutU32(IPVS_DAEMON_ATTR_STATE, (uint)state);
        w.EndNested(nest);
        w.EndMessage();
    }

    public static void DumpDaemons(NetlinkMessageWriter w, uint seq, ushort family) =>
        Empty(w, seq, family, IPVS_CMD_GET_DAEMON, DumpFlags);

    public static void SetConfig(NetlinkMessageWriter w, uint seq, ushort family, IpvsTimeouts timeouts)
    {
        Begin(w, seq, family, IPVS_CMD_SET_CONFIG, RequestFlags);
        w.PutU32(IPVS_CMD_ATTR_TIMEOUT_TCP, timeouts.Tcp);
        w.PutU32(IPVS_CMD_ATTR_TIMEOUT_TCP_FIN, timeouts.TcpFin);
        w.PutU32(IPVS_CMD_ATTR_TIMEOUT_UDP, timeouts.Udp);
        w.EndMessage();
    }

    public static void GetConfig(NetlinkMessageWriter w, uint seq, ushort family) =>
        Empty(w, seq, family, IPVS_CMD_GET_CONFIG, RequestFlags);

    public static void GetInfo(NetlinkMessageWriter w, uint seq, ushort family) =>
        Empty(w, seq, family, IPVS_CMD_GET_INFO, RequestFlags);

    /// <summary>Zeroes the counters of one service, or of everything when <paramref name="key"/> is null.</summary>
    public static void Zero(NetlinkMessageWriter w, uint seq, ushort family, IpvsServiceKey? key)
    {
        if (key is null)
        {
            Empty(w, seq, family, IPVS_CMD_ZERO, RequestFlags);
        }
        else
        {
            KeyCommand(w, seq, family, IPVS_CMD_ZERO, RequestFlags, key);
        }
    }

    public static void Flush(NetlinkMessageWriter w, uint seq, ushort family) =>
        Empty(w, seq, family, IPVS_CMD_FLUSH, RequestFlags);

    /// <summary>The persistence netmask as the kernel stores it: an IPv4 mask in network order, or an IPv6 prefix
    /// length in host order (IPVS_SVC_ATTR_NETMASK is read raw with nla_get_be32).</summary>
    public static uint EncodeNetmask(AddressFamily family, int? prefixLength)
    {
        if (family == AddressFamily.InterNetworkV6)
        {
            int prefix = prefixLength ?? 128;
            return prefix is >= 1 and <= 128
                ? (uint)prefix
                : throw new ArgumentOutOfRangeException(nameof(prefixLength), "An IPv6 persistence prefix is 1 to 128.");
        }

        int bits = prefixLength ?? 32;
        if (bits is < 0 or > 32)
        {
            throw new ArgumentOutOfRangeException(nameof(prefixLength), "An IPv4 persistence prefix is 0 to 32.");
        }

        uint mask = bits == 0 ? 0 : uint.MaxValue << (32 - bits);
        // Stored raw: the wire bytes are the mask's network-order bytes, which as a host-order u32 reverses them.
        return BinaryPrimitives.ReverseEndianness(mask);
    }

    private static void ServiceCommand(NetlinkMessageWriter w, uint seq, ushort family, byte command, IpvsService s)
    {
        CheckName(s.Scheduler, IP_VS_SCHEDNAME_MAXLEN, "scheduler name");
        if (s.PersistenceEngine is not null)
        {
            CheckName(s.PersistenceEngine, IP_VS_PENAME_MAXLEN, "persistence engine name");
        }

        Begin(w, seq, family, command, RequestFlags);
        int nest = w.BeginNested(IPVS_CMD_ATTR_SERVICE);
        PutServiceKey(w, s.Key);
        w.PutString(IPVS_SVC_ATTR_SCHED_NAME, s.Scheduler);
        if (!string.IsNullOrEmpty(s.PersistenceEngine))
        {
            w.PutString(IPVS_SVC_ATTR_PE_NAME, s.PersistenceEngine);
        }

        // struct ip_vs_flags { u32 flags; u32 mask; }: the kernel keeps (old & ~mask) | (flags & mask), so an
        // all-ones mask makes our flags the whole truth. HASHED is the kernel's own bookkeeping: never send it.
        Span<byte> flags = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(flags, (uint)(s.Flags & ~IpvsServiceFlags.Hashed));
        BinaryPrimitives.WriteUInt32LittleEndian(flags[4..], uint.MaxValue);
        w.PutAttribute(IPVS_SVC_ATTR_FLAGS, flags);
        w.PutU32(IPVS_SVC_ATTR_TIMEOUT, s.PersistenceTimeout);
        w.PutU32(IPVS_SVC_ATTR_NETMASK, EncodeNetmask(s.Key.Family, s.PersistencePrefixLength));
        w.EndNested(nest);
        w.EndMessage();
    }

    private static void KeyCommand(NetlinkMessageWriter w, uint seq, ushort family, byte command, ushort flags,
        IpvsServiceKey key)
    {
        Begin(w, seq, family, command, flags);
        int nest = w.BeginNested(IPVS_CMD_ATTR_SERVICE);
        PutServiceKey(w, key);
        w.EndNested(nest);
        w.EndMessage();
    }

    private static void DestCommand(NetlinkMessageWriter w, uint seq, ushort family, byte command,
        IpvsServiceKey key, IpvsDestination d)
    {
        Begin(w, seq, family, command, RequestFlags);
        int service = w.BeginNested(IPVS_CMD_ATTR_SERVICE);
        PutServiceKey(w, key);
        w.EndNested(service);
        int dest = w.BeginNested(IPVS_CMD_ATTR_DEST);
        w.PutU16(IPVS_DEST_ATTR_ADDR_FAMILY, AfOf(d.Address.AddressFamily));
        w.PutAddress(IPVS_DEST_ATTR_ADDR, d.Address, InetAddrWidth);
        w.PutU16NetworkOrder(IPVS_DEST_ATTR_PORT, d.Port);
        w.PutU32(IPVS_DEST_ATTR_FWD_METHOD, (uint)d.ForwardingMethod & IP_VS_CONN_F_FWD_MASK);
        w.PutU32(IPVS_DEST_ATTR_WEIGHT, unchecked((uint)d.Weight));
        w.PutU8(IPVS_DEST_ATTR_TUN_TYPE, (byte)d.TunnelType);
        w.PutU16NetworkOrder(IPVS_DEST_ATTR_TUN_PORT, d.TunnelPort);
        w.PutU16(IPVS_DEST_ATTR_TUN_FLAGS, (ushort)d.TunnelFlags);
        w.PutU32(IPVS_DEST_ATTR_U_THRESH, d.UpperThreshold);
        w.PutU32(IPVS_DEST_ATTR_L_THRESH, d.LowerThreshold);
        w.EndNested(dest);
        w.EndMessage();
    }

    private static void PutServiceKey(NetlinkMessageWriter w, IpvsServiceKey key)
    {
        w.PutU16(IPVS_SVC_ATTR_AF, AfOf(key.Family));
        if (key.IsFirewallMark)
        {
            // The mark's presence is what makes a fwmark service; address, port and protocol must then be absent.
            w.PutU32(IPVS_SVC_ATTR_FWMARK, key.FirewallMark);
            return;
        }

        IPAddress address = key.Address
            ?? throw new ArgumentException($"Service {key} has neither an address nor a firewall mark.", nameof(key));
        if (address.AddressFamily != key.Family)
        {
            throw new ArgumentException($"Service {key}: address family differs from the key's family.", nameof(key));
        }

        Model.Protocol protocol = key.Protocol
            ?? throw new ArgumentException($"Service {key} has an address but no protocol.", nameof(key));
        w.PutU16(IPVS_SVC_ATTR_PROTOCOL, (ushort)protocol);
        w.PutAddress(IPVS_SVC_ATTR_ADDR, address, InetAddrWidth);
        w.PutU16NetworkOrder(IPVS_SVC_ATTR_PORT, key.Port);
    }

    private static void Empty(NetlinkMessageWriter w, uint seq, ushort family, byte command, ushort flags)
    {
        Begin(w, seq, family, command, flags);
        w.EndMessage();
    }

    private static void Begin(NetlinkMessageWriter w, uint seq, ushort family, byte command, ushort flags)
    {
        w.BeginMessage(family, flags, seq);
        w.WriteGenericHeader(command, IPVS_GENL_VERSION);
    }

    internal static ushort AfOf(AddressFamily family) => family switch
    {
        AddressFamily.InterNetwork => AF_INET,
        AddressFamily.InterNetworkV6 => AF_INET6,
        _ => throw new ArgumentException($"IPVS handles IPv4 and IPv6, not {family}."),
    };

    private static void CheckName(string name, int maxLengthWithNul, string what)
    {
        if (name.Length == 0 || name.Length >= maxLengthWithNul || !name.All(char.IsAscii))
        {
            throw new ArgumentException(
                $"IPVS {what} \"{name}\" must be 1 to {maxLengthWithNul - 1} ASCII characters (kernel limit).");
        }
    }
}
