using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using LvsActors.Linux.Netlink;
using static LvsActors.Linux.Netlink.NetlinkConstants;

namespace LvsActors.Linux.Rtnetlink;

/// <summary>
/// Builds and parses the rtnetlink messages for interface addresses, interface lookup and the VIP fence's tc filter, laid out as iproute2's
/// `ip addr add/del/show` and `ip link show dev` send them. Pure: no socket.
/// </summary>
internal static class RtnetlinkMessages
{
    /// <summary>RTM_NEWADDR with NLM_F_CREATE | NLM_F_EXCL (fail with EEXIST rather than replace); IPv6 addresses
    /// carry IFA_F_NODAD so a VIP is usable at once instead of after duplicate address detection.</summary>
    /// <param name="lifetime">Null: a permanent address; else IFA_CACHEINFO with its valid and preferred lifetimes.</param>
    public static void NewAddress(NetlinkMessageWriter w, uint seq, int interfaceIndex, IPAddress address, int prefixLength, AddressLifetime? lifetime = null)
    {
        uint flags = address.AddressFamily == AddressFamily.InterNetworkV6 ? IFA_F_NODAD : 0;
        AddressCommand(w, seq, RTM_NEWADDR, NLM_F_REQUEST | NLM_F_ACK | NLM_F_EXCL | NLM_F_CREATE,
            interfaceIndex, address, prefixLength, (byte)flags, lifetime);
    }

    /// <summary>RTM_NEWADDR with NLM_F_CREATE | NLM_F_REPLACE (ip addr replace): sets the lifetime of an address that
    /// is there (a permanent one becomes finite) and adds it again if it expired meanwhile.</summary>
    public static void RenewAddress(NetlinkMessageWriter w, uint seq, int interfaceIndex, IPAddress address, int prefixLength, AddressLifetime lifetime)
    {
        uint flags = address.AddressFamily == AddressFamily.InterNetworkV6 ? IFA_F_NODAD : 0;
        AddressCommand(w, seq, RTM_NEWADDR, NLM_F_REQUEST | NLM_F_ACK | NLM_F_REPLACE | NLM_F_CREATE,
            interfaceIndex, address, prefixLength, (byte)flags, lifetime);
    }

    /// <summary>RTM_DELADDR for one address of an interface.</summary>
    public static void DelAddress(NetlinkMessageWriter w, uint seq, int interfaceIndex, IPAddress address, int prefixLength) =>
        AddressCommand(w, seq, RTM_DELADDR, NLM_F_REQUEST | NLM_F_ACK, interfaceIndex, address, prefixLength, 0);

    /// <summary>RTM_GETADDR dump of every address of <paramref name="family"/> (AF_UNSPEC: all). Kernels without
    /// strict checking ignore ifa_index in dumps, so the caller filters by interface.</summary>
    public static void DumpAddresses(NetlinkMessageWriter w, uint seq, byte family = AF_UNSPEC)
    {
        w.BeginMessage(RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP, seq);
        Span<byte> ifa = stackalloc byte[IFADDRMSG_LEN];
        ifa.Clear();
        ifa[0] = family;
        w.WriteFamilyHeader(ifa);
        w.EndMessage();
    }

    /// <summary>RTM_GETLINK by IFLA_IFNAME (ifi_index 0): the kernel answers RTM_NEWLINK, or ENODEV.</summary>
    public static void GetLinkByName(NetlinkMessageWriter w, uint seq, string interfaceName)
    {
        w.BeginMessage(RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK, seq);
        Span<byte> ifi = stackalloc byte[IFINFOMSG_LEN];
        ifi.Clear();
        w.WriteFamilyHeader(ifi);
        w.PutString(IFLA_IFNAME, interfaceName);
        w.EndMessage();
    }

    /// <summary>RTM_NEWLINK with NLM_F_CREATE | NLM_F_EXCL of a dummy device, up (ip link add NAME up type dummy):
    /// the device active-active VIPs are announced from. EEXIST when a link of that name is there.</summary>
    public static void NewDummyLink(NetlinkMessageWriter w, uint seq, string interfaceName)
    {
        w.BeginMessage(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, seq);
        LinkHeader(w, 0, IFF_UP);
        w.PutString(IFLA_IFNAME, interfaceName);
        int info = w.BeginNested(IFLA_LINKINFO);
        w.PutString(IFLA_INFO_KIND, "dummy");
        w.EndNested(info);
        w.EndMessage();
    }

    /// <summary>RTM_NEWLINK that sets IFF_UP on an existing link (ip link set dev X up).</summary>
    public static void SetLinkUp(NetlinkMessageWriter w, uint seq, int interfaceIndex)
    {
        w.BeginMessage(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, seq);
        LinkHeader(w, interfaceIndex, IFF_UP);
        w.EndMessage();
    }

    // struct ifinfomsg { u8 family, u8 pad, u16 type, s32 index, u32 flags, u32 change }: only IFF_UP changes.
    private static void LinkHeader(NetlinkMessageWriter w, int interfaceIndex, uint flags)
    {
        Span<byte> ifi = stackalloc byte[IFINFOMSG_LEN];
        ifi.Clear();
        BinaryPrimitives.WriteInt32LittleEndian(ifi[4..], interfaceIndex);
        BinaryPrimitives.WriteUInt32LittleEndian(ifi[8..], flags);
        BinaryPrimitives.WriteUInt32LittleEndian(ifi[12..], IFF_UP);
        w.WriteFamilyHeader(ifi);
    }

    /// <summary>Reads ifi_index from an RTM_NEWLINK reply.</summary>
    public static int ReadLinkIndex(NetlinkMessage message)
    {
        if (message.Type != RTM_NEWLINK || message.Payload.Length < IFINFOMSG_LEN)
        {
            throw NetlinkReader.Malformed($"RTM_GETLINK answered with message type {message.Type}");
        }

        return BinaryPrimitives.ReadInt32LittleEndian(message.Payload[4..]);
    }

    /// <summary>Reads an RTM_NEWADDR dump entry: IFA_LOCAL is the interface's own address on IPv4 (IFA_ADDRESS is
    /// the peer on point-to-point links), IFA_ADDRESS on IPv6; IFA_FLAGS, when present, supersedes ifa_flags.</summary>
    public static InterfaceAddress? ReadAddress(NetlinkMessage message)
    {
        if (message.Type != RTM_NEWADDR || message.Payload.Length < IFADDRMSG_LEN)
        {
            return null;
        }

        ReadOnlySpan<byte> ifa = message.Payload;
        byte family = ifa[0];
        if (family != AF_INET && family != AF_INET6)
        {
            return null;
        }

        IPAddress? local = null, address = null;
        string? label = null;
        uint flags = ifa[2];
        foreach (NetlinkAttribute a in message.Attributes(IFADDRMSG_LEN))
        {
            switch (a.Type)
            {
                case IFA_LOCAL: local = a.Address(family); break;
                case IFA_ADDRESS: address = a.Address(family); break;
                case IFA_LABEL: label = a.String; break;
                case IFA_FLAGS: flags = a.U32; break;
            }
        }

        IPAddress? own = local ?? address;
        return own is null
            ? null
            : new InterfaceAddress(BinaryPrimitives.ReadInt32LittleEndian(ifa[4..]), own, ifa[1], ifa[3], flags, label);
    }

    private static void AddressCommand(NetlinkMessageWriter w, uint seq, ushort type, ushort flags, int interfaceIndex,
        IPAddress address, int prefixLength, byte ifaFlags, AddressLifetime? lifetime = null)
    {
        int maxPrefix = address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
        if (prefixLength < 0 || prefixLength > maxPrefix)
        {
            throw new ArgumentOutOfRangeException(nameof(prefixLength), $"A prefix of {address} is 0 to {maxPrefix}.");
        }

        w.BeginMessage(type, flags, seq);
        Span<byte> ifa = stackalloc byte[IFADDRMSG_LEN];
        ifa[0] = (byte)(address.AddressFamily == AddressFamily.InterNetworkV6 ? AF_INET6 : AF_INET);
        ifa[1] = (byte)prefixLength;
        ifa[2] = ifaFlags;
        ifa[3] = RT_SCOPE_UNIVERSE;
        BinaryPrimitives.WriteInt32LittleEndian(ifa[4..], interfaceIndex);
        w.WriteFamilyHeader(ifa);
        // iproute2 sends IFA_LOCAL then IFA_ADDRESS (the same address when there is no peer).
        w.PutAddress(IFA_LOCAL, address);
        w.PutAddress(IFA_ADDRESS, address);
        if (lifetime is not null)
        {
            // struct ifa_cacheinfo { u32 ifa_prefered, ifa_valid, cstamp, tstamp }: iproute2 sends it last, the
            // two stamps zero (the kernel keeps its own).
            Span<byte> cacheinfo = stackalloc byte[16];
            cacheinfo.Clear();
            BinaryPrimitives.WriteUInt32LittleEndian(cacheinfo, lifetime.PreferredSeconds);
            BinaryPrimitives.WriteUInt32LittleEndian(cacheinfo[4..], lifetime.ValidSeconds);
            w.PutAttribute(IFA_CACHEINFO, cacheinfo);
        }
        w.EndMessage();
    }

    /// <summary>RTM_NEWQDISC for the clsact qdisc of an interface (tc qdisc add dev X clsact); EEXIST when it is there.</summary>
    public static void NewClsactQdisc(NetlinkMessageWriter w, uint seq, int interfaceIndex)
    {
        w.BeginMessage(RTM_NEWQDISC, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, seq);
        TcHeader(w, interfaceIndex, TC_H_CLSACT_HANDLE, TC_H_CLSACT, 0);
        w.PutString(TCA_KIND, "clsact");
        w.EndMessage();
    }

    /// <summary>RTM_NEWTFILTER (create or replace) of a direct-action bpf classifier on the ingress hook (tc filter
    /// replace dev X ingress prio P handle H protocol all bpf da fd F).</summary>
    public static void ReplaceIngressBpfFilter(NetlinkMessageWriter w, uint seq, int interfaceIndex, ushort priority, uint handle, int programFd, string name)
    {
        w.BeginMessage(RTM_NEWTFILTER, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE, seq);
        TcHeader(w, interfaceIndex, handle, TC_H_CLSACT_INGRESS, FilterInfo(priority));
        w.PutString(TCA_KIND, "bpf");
        int options = w.BeginNested(TCA_OPTIONS);
        w.PutU32(TCA_BPF_FD, (uint)programFd);
        w.PutString(TCA_BPF_NAME, name);
        w.PutU32(TCA_BPF_FLAGS, TCA_BPF_FLAG_ACT_DIRECT);
        w.EndNested(options);
        w.EndMessage();
    }

    /// <summary>RTM_DELTFILTER of the ingress filter that <see cref="ReplaceIngressBpfFilter"/> made.</summary>
    public static void DelIngressFilter(NetlinkMessageWriter w, uint seq, int interfaceIndex, ushort priority, uint handle)
    {
        w.BeginMessage(RTM_DELTFILTER, NLM_F_REQUEST | NLM_F_ACK, seq);
        TcHeader(w, interfaceIndex, handle, TC_H_CLSACT_INGRESS, FilterInfo(priority));
        w.PutString(TCA_KIND, "bpf");
        w.EndMessage();
    }

    // tcm_info of a filter: the priority in the upper half, the protocol (network order) in the lower.
    private static uint FilterInfo(ushort priority) => ((uint)priority << 16) | BinaryPrimitives.ReverseEndianness(ETH_P_ALL);

    // struct tcmsg { u8 family, u8 pad1, u16 pad2, s32 ifindex, u32 handle, u32 parent, u32 info }.
    private static void TcHeader(NetlinkMessageWriter w, int interfaceIndex, uint handle, uint parent, uint info)
    {
        Span<byte> tcm = stackalloc byte[TCMSG_LEN];
        tcm.Clear();
        tcm[0] = AF_UNSPEC;
        BinaryPrimitives.WriteInt32LittleEndian(tcm[4..], interfaceIndex);
        BinaryPrimitives.WriteUInt32LittleEndian(tcm[8..], handle);
        BinaryPrimitives.WriteUInt32LittleEndian(tcm[12..], parent);
        BinaryPrimitives.WriteUInt32LittleEndian(tcm[16..], info);
        w.WriteFamilyHeader(tcm);
    }
}
