using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using LvsActors.Linux.Netlink;
using LvsActors.Model;
using static LvsActors.Linux.Ipvs.IpvsConstants;
using static LvsActors.Linux.Netlink.NetlinkConstants;

namespace LvsActors.Linux.Ipvs;

/// <summary>
/// Parses the kernel's IPVS replies (ip_vs_genl_fill_service, _fill_dest, _fill_daemon, get_cmd). Unknown attributes
/// are skipped, so newer kernels that add attributes still parse. Pure: no socket.
/// </summary>
internal static class IpvsReplies
{
    /// <summary>Reads the IPVS_CMD_ATTR_SERVICE nest of a NEW_SERVICE reply or dump entry.</summary>
    public static IpvsServiceEntry ParseService(NetlinkMessage message)
    {
        foreach (NetlinkAttribute top in message.Attributes(GENL_HDRLEN))
        {
            if (top.Type == IPVS_CMD_ATTR_SERVICE)
            {
                return ParseServiceNest(top.Nested);
            }
        }

        throw NetlinkReader.Malformed("IPVS service reply without IPVS_CMD_ATTR_SERVICE");
    }

    /// <summary>Reads the IPVS_CMD_ATTR_DEST nest of a NEW_DEST dump entry; <paramref name="serviceFamily"/> is the
    /// address family when the kernel (before 3.18) sends no IPVS_DEST_ATTR_ADDR_FAMILY.</summary>
    public static IpvsDestinationEntry ParseDestination(NetlinkMessage message, AddressFamily serviceFamily)
    {
        foreach (NetlinkAttribute top in message.Attributes(GENL_HDRLEN))
        {
            if (top.Type == IPVS_CMD_ATTR_DEST)
            {
                return ParseDestNest(top.Nested, IpvsMessages.AfOf(serviceFamily));
            }
        }

        throw NetlinkReader.Malformed("IPVS destination reply without IPVS_CMD_ATTR_DEST");
    }

    /// <summary>Reads the IPVS_CMD_ATTR_DAEMON nest of a NEW_DAEMON dump entry.</summary>
    public static IpvsDaemon ParseDaemon(NetlinkMessage message)
    {
        foreach (NetlinkAttribute top in message.Attributes(GENL_HDRLEN))
        {
            if (top.Type != IPVS_CMD_ATTR_DAEMON)
            {
                continue;
            }

            uint state = 0, syncId = 0;
            string ifName = string.Empty;
            ushort maxLength = 0, port = 0;
            byte ttl = 0;
            IPAddress? group = null;
            foreach (NetlinkAttribute a in top.Nested)
            {
                switch (a.Type)
                {
                    case IPVS_DAEMON_ATTR_STATE: state = a.U32; break;
                    case IPVS_DAEMON_ATTR_MCAST_IFN: ifName = a.String; break;
                    case IPVS_DAEMON_ATTR_SYNC_ID: syncId = a.U32; break;
                    case IPVS_DAEMON_ATTR_SYNC_MAXLEN: maxLength = a.U16; break;
                    case IPVS_DAEMON_ATTR_MCAST_PORT: port = a.U16; break;
                    case IPVS_DAEMON_ATTR_MCAST_TTL: ttl = a.U8; break;
                    case IPVS_DAEMON_ATTR_MCAST_GROUP: group = a.Address(AF_INET); break;
                    case IPVS_DAEMON_ATTR_MCAST_GROUP6: group = a.Address(AF_INET6); break;
                }
            }

            return new IpvsDaemon((IpvsDaemonState)state, ifName, syncId)
            {
                MaxLength = maxLength,
                MulticastPort = port,
                MulticastTtl = ttl,
                MulticastGroup = group,
            };
        }

        throw NetlinkReader.Malformed("IPVS daemon reply without IPVS_CMD_ATTR_DAEMON");
    }

    /// <summary>Reads the SET_CONFIG reply to GET_CONFIG (top-level timeout attributes; absent ones stay 0).</summary>
    public static IpvsTimeouts ParseTimeouts(NetlinkMessage message)
    {
        uint tcp = 0, tcpFin = 0, udp = 0;
        foreach (NetlinkAttribute a in message.Attributes(GENL_HDRLEN))
        {
            switch (a.Type)
            {
                case IPVS_CMD_ATTR_TIMEOUT_TCP: tcp = a.U32; break;
                case IPVS_CMD_ATTR_TIMEOUT_TCP_FIN: tcpFin = a.U32; break;
                case IPVS_CMD_ATTR_TIMEOUT_UDP: udp = a.U32; break;
            }
        }

        return new IpvsTimeouts(tcp, tcpFin, udp);
    }

    /// <summary>Reads the SET_INFO reply to GET_INFO.</summary>
    public static IpvsInfo ParseInfo(NetlinkMessage message)
    {
        uint version = 0, size = 0;
        foreach (NetlinkAttribute a in message.Attributes(GENL_HDRLEN))
        {
            switch (a.Type)
            {
                case IPVS_INFO_ATTR_VERSION: version = a.U32; break;
                case IPVS_INFO_ATTR_CONN_TAB_SIZE: size = a.U32; break;
            }
        }

        return new IpvsInfo(version, size);
    }

    private static IpvsServiceEntry ParseServiceNest(NetlinkAttributeEnumerator attributes)
    {
        ushort af = 0, protocol = 0, port = 0;
        uint fwmark = 0, flags = 0, timeout = 0, netmask = 0;
        byte[]? address = null;
        string scheduler = string.Empty;
        string? pe = null;
        IpvsStats? stats = null, stats64 = null;
        foreach (NetlinkAttribute a in attributes)
        {
            switch (a.Type)
            {
                case IPVS_SVC_ATTR_AF: af = a.U16; break;
                case IPVS_SVC_ATTR_PROTOCOL: protocol = a.U16; break;
                case IPVS_SVC_ATTR_ADDR: address = a.Payload.ToArray(); break;
                case IPVS_SVC_ATTR_PORT: port = a.U16NetworkOrder; break;
                case IPVS_SVC_ATTR_FWMARK: fwmark = a.U32; break;
                case IPVS_SVC_ATTR_SCHED_NAME: scheduler = a.String; break;
                case IPVS_SVC_ATTR_PE_NAME: pe = a.String; break;
                case IPVS_SVC_ATTR_FLAGS: flags = a.U32; break; // struct ip_vs_flags: flags first, mask ignored
                case IPVS_SVC_ATTR_TIMEOUT: timeout = a.U32; break;
                case IPVS_SVC_ATTR_NETMASK: netmask = a.U32; break;
                case IPVS_SVC_ATTR_STATS: stats = ParseStats(a.Nested, is64: false); break;
                case IPVS_SVC_ATTR_STATS64: stats64 = ParseStats(a.Nested, is64: true); break;
            }
        }

        AddressFamily family = FamilyOf(af);
        IpvsServiceKey key = fwmark != 0
            ? new IpvsServiceKey(family, null, null, 0, fwmark)
            : new IpvsServiceKey(family, ProtocolOf(protocol), ToAddress(address, af), port, 0);
        var service = new IpvsService(key, scheduler)
        {
            Flags = (IpvsServiceFlags)flags & ~IpvsServiceFlags.Hashed,
            PersistenceTimeout = timeout,
            PersistencePrefixLength = DecodeNetmask(family, netmask),
            PersistenceEngine = pe,
        };
        return new IpvsServiceEntry(service, stats64 ?? stats ?? IpvsStats.Zero);
    }

    private static IpvsDestinationEntry ParseDestNest(NetlinkAttributeEnumerator attributes, ushort serviceAf)
    {
        ushort af = serviceAf, port = 0, tunPort = 0, tunFlags = 0;
        uint fwd = 0, weight = 0, upper = 0, lower = 0, active = 0, inactive = 0, persistent = 0;
        byte tunType = 0;
        byte[]? address = null;
        IpvsStats? stats = null, stats64 = null;
        foreach (NetlinkAttribute a in attributes)
        {
            switch (a.Type)
            {
                case IPVS_DEST_ATTR_ADDR: address = a.Payload.ToArray(); break;
                case IPVS_DEST_ATTR_PORT: port = a.U16NetworkOrder; break;
                case IPVS_DEST_ATTR_FWD_METHOD: fwd = a.U32 & IP_VS_CONN_F_FWD_MASK; break;
                case IPVS_DEST_ATTR_WEIGHT: weight = a.U32; break;
                case IPVS_DEST_ATTR_U_THRESH: upper = a.U32; break;
                case IPVS_DEST_ATTR_L_THRESH: lower = a.U32; break;
                case IPVS_DEST_ATTR_ACTIVE_CONNS: active = a.U32; break;
                case IPVS_DEST_ATTR_INACT_CONNS: inactive = a.U32; break;
                case IPVS_DEST_ATTR_PERSIST_CONNS: persistent = a.U32; break;
                case IPVS_DEST_ATTR_ADDR_FAMILY: af = a.U16; break;
                case IPVS_DEST_ATTR_TUN_TYPE: tunType = a.U8; break;
                case IPVS_DEST_ATTR_TUN_PORT: tunPort = a.U16NetworkOrder; break;
                case IPVS_DEST_ATTR_TUN_FLAGS: tunFlags = a.U16; break;
                case IPVS_DEST_ATTR_STATS: stats = ParseStats(a.Nested, is64: false); break;
                case IPVS_DEST_ATTR_STATS64: stats64 = ParseStats(a.Nested, is64: true); break;
            }
        }

        var destination = new IpvsDestination(
            ToAddress(address, af) ?? throw NetlinkReader.Malformed("IPVS destination without IPVS_DEST_ATTR_ADDR"), port)
        {
            ForwardingMethod = (IpvsForwardingMethod)fwd,
            Weight = unchecked((int)weight),
            UpperThreshold = upper,
            LowerThreshold = lower,
            TunnelType = (IpvsTunnelType)tunType,
            TunnelPort = tunPort,
            TunnelFlags = (IpvsTunnelFlags)tunFlags,
        };
        return new IpvsDestinationEntry(destination, active, inactive, persistent, stats64 ?? stats ?? IpvsStats.Zero);
    }

    /// <summary>Reads a STATS (u32 counters, u64 bytes) or STATS64 (all u64) nest; PAD attributes are skipped.</summary>
    private static IpvsStats ParseStats(NetlinkAttributeEnumerator attributes, bool is64)
    {
        Span<ulong> v = stackalloc ulong[IPVS_STATS_ATTR_PAD];
        foreach (NetlinkAttribute a in attributes)
        {
            if (a.Type is >= IPVS_STATS_ATTR_CONNS and <= IPVS_STATS_ATTR_OUTBPS)
            {
                bool wide = is64 || a.Type is IPVS_STATS_ATTR_INBYTES or IPVS_STATS_ATTR_OUTBYTES;
                v[a.Type] = wide ? a.U64 : a.U32;
            }
        }

        return new IpvsStats(v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10]);
    }

    private static int? DecodeNetmask(AddressFamily family, uint raw)
    {
        if (family == AddressFamily.InterNetworkV6)
        {
            return raw == 128 ? null : (int)raw;
        }

        // Raw bytes are the network-order mask; count its leading ones.
        uint mask = BinaryPrimitives.ReverseEndianness(raw);
        int prefix = System.Numerics.BitOperations.LeadingZeroCount(~mask);
        return prefix == 32 ? null : prefix;
    }

    // ip_vs_ctl.c refuses address services of any other protocol, so another number is a broken reply.
    private static Protocol ProtocolOf(ushort protocol) => protocol switch
    {
        (ushort)Protocol.Tcp or (ushort)Protocol.Udp or (ushort)Protocol.Sctp => (Protocol)protocol,
        _ => throw NetlinkReader.Malformed($"IPVS address service with protocol {protocol} (not TCP, UDP or SCTP)"),
    };

    private static AddressFamily FamilyOf(ushort af) => af switch
    {
        AF_INET => AddressFamily.InterNetwork,
        AF_INET6 => AddressFamily.InterNetworkV6,
        _ => throw NetlinkReader.Malformed($"IPVS address family {af}"),
    };

    private static IPAddress? ToAddress(byte[]? raw, ushort af)
    {
        int size = af == AF_INET6 ? 16 : 4;
        if (raw is null)
        {
            return null;
        }

        return raw.Length >= size
            ? new IPAddress(raw.AsSpan(0, size))
            : throw NetlinkReader.Malformed($"IPVS address of {raw.Length} bytes for family {af}");
    }
}
