namespace LvsActors.Linux.Netlink;

/// <summary>
/// Netlink, generic netlink and rtnetlink constants under the kernel's own names, read from
/// include/uapi/linux/netlink.h, genetlink.h, rtnetlink.h, if_addr.h, if_link.h and asm-generic/errno*.h.
/// </summary>
internal static class NetlinkConstants
{
    // Netlink protocols (linux/netlink.h). Socket families, types, levels and options (AF_NETLINK, SOCK_RAW,
    // SOL_SOCKET, SO_RCVTIMEO, SOL_NETLINK, …) come from Tmds.LibC, which has them per architecture.
    public const int NETLINK_ROUTE = 0;
    public const int NETLINK_GENERIC = 16;

    // SOL_NETLINK options, which Tmds.LibC lacks.
    public const int NETLINK_CAP_ACK = 10;
    public const int NETLINK_EXT_ACK = 11;

    // struct nlmsghdr: u32 len, u16 type, u16 flags, u32 seq, u32 pid.
    public const int NLMSG_HDRLEN = 16;
    public const int NLMSG_ALIGNTO = 4;
    public const int NLA_HDRLEN = 4;
    public const int NLA_ALIGNTO = 4;
    public const int GENL_HDRLEN = 4;

    // Message types below NLMSG_MIN_TYPE (0x10) are control messages.
    public const ushort NLMSG_NOOP = 1;
    public const ushort NLMSG_ERROR = 2;
    public const ushort NLMSG_DONE = 3;
    public const ushort NLMSG_OVERRUN = 4;

    // nlmsg_flags.
    public const ushort NLM_F_REQUEST = 0x01;
    public const ushort NLM_F_MULTI = 0x02;
    public const ushort NLM_F_ACK = 0x04;
    public const ushort NLM_F_ROOT = 0x100;
    public const ushort NLM_F_MATCH = 0x200;
    public const ushort NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH;
    public const ushort NLM_F_EXCL = 0x200;
    public const ushort NLM_F_REPLACE = 0x100;
    public const ushort NLM_F_CREATE = 0x400;
    // Flags the kernel sets on NLMSG_ERROR: payload not echoed / TLVs follow.
    public const ushort NLM_F_CAPPED = 0x100;
    public const ushort NLM_F_ACK_TLVS = 0x200;

    // enum nlmsgerr_attrs.
    public const ushort NLMSGERR_ATTR_MSG = 1;
    public const ushort NLMSGERR_ATTR_OFFS = 2;

    // nla_type carries two flag bits; NLA_TYPE_MASK strips them.
    public const ushort NLA_F_NESTED = 0x8000;
    public const ushort NLA_F_NET_BYTEORDER = 0x4000;
    public const ushort NLA_TYPE_MASK = 0x3FFF;

    // Generic netlink controller (genetlink.h).
    public const ushort GENL_ID_CTRL = 0x10;
    public const byte CTRL_CMD_NEWFAMILY = 1;
    public const byte CTRL_CMD_GETFAMILY = 3;
    public const ushort CTRL_ATTR_FAMILY_ID = 1;
    public const ushort CTRL_ATTR_FAMILY_NAME = 2;
    // libnl's genl_ctrl_resolve asks the controller with version 1.
    public const byte GENL_CTRL_VERSION = 1;

    // rtnetlink message types (rtnetlink.h).
    public const ushort RTM_NEWLINK = 16;
    public const ushort RTM_GETLINK = 18;
    public const ushort RTM_NEWADDR = 20;
    public const ushort RTM_DELADDR = 21;
    public const ushort RTM_GETADDR = 22;
    public const ushort RTM_NEWQDISC = 36;
    public const ushort RTM_NEWTFILTER = 44;
    public const ushort RTM_DELTFILTER = 45;

    // Traffic control (pkt_sched.h, pkt_cls.h): struct tcmsg is 20 bytes; the clsact qdisc's handle and ingress hook.
    public const int TCMSG_LEN = 20;
    public const ushort TCA_KIND = 1;
    public const ushort TCA_OPTIONS = 2;
    public const ushort TCA_BPF_FD = 6;
    public const ushort TCA_BPF_NAME = 7;
    public const ushort TCA_BPF_FLAGS = 8;
    public const uint TCA_BPF_FLAG_ACT_DIRECT = 1;
    public const uint TC_H_CLSACT = 0xFFFFFFF1;
    public const uint TC_H_CLSACT_HANDLE = 0xFFFF0000;
    public const uint TC_H_CLSACT_INGRESS = 0xFFFFFFF2;
    public const ushort ETH_P_ALL = 0x0003;

    // struct ifinfomsg is 16 bytes, struct ifaddrmsg 8 bytes.
    public const int IFINFOMSG_LEN = 16;
    public const int IFADDRMSG_LEN = 8;
    public const ushort IFLA_IFNAME = 3;
    public const ushort IFLA_LINKINFO = 18;
    public const ushort IFLA_INFO_KIND = 1;
    public const uint IFF_UP = 0x1;

    // if_addr.h.
    public const ushort IFA_ADDRESS = 1;
    public const ushort IFA_LOCAL = 2;
    public const ushort IFA_LABEL = 3;
    public const ushort IFA_BROADCAST = 4;
    public const ushort IFA_CACHEINFO = 6;
    public const ushort IFA_FLAGS = 8;
    public const uint IFA_F_NODAD = 0x02;
    public const byte RT_SCOPE_UNIVERSE = 0;
    public const byte RT_SCOPE_HOST = 254;

    // Address families (linux/socket.h) and errno values below: Tmds.LibC has them, but as properties; these are the
    // compile-time constants that switch patterns and default arguments need. A test holds them equal to Tmds.LibC's.
    public const byte AF_UNSPEC = 0;
    public const ushort AF_INET = 2;
    public const ushort AF_INET6 = 10;

    // errno (asm-generic/errno-base.h, errno.h), identical on x86-64 and arm64.
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int ESRCH = 3;
    public const int EINTR = 4;
    public const int EAGAIN = 11;
    public const int EEXIST = 17;
    public const int ENODEV = 19;
    public const int EINVAL = 22;
    public const int ERANGE = 34;
    public const int EOPNOTSUPP = 95;
    public const int EAFNOSUPPORT = 97;
    public const int EADDRNOTAVAIL = 99;
    public const int ENOBUFS = 105;
}
