using Tmds.Linux;

namespace LvsActors.Linux.Interop;

/// <summary>
/// The raw calls for sending whole Ethernet frames: an AF_PACKET socket and sendto with a sockaddr_ll naming the
/// interface. Used only to announce VIPs (gratuitous ARP, unsolicited neighbour advertisement); needs CAP_NET_RAW.
/// </summary>
internal static unsafe class PacketSyscalls
{
    /// <summary>Opens a send-only packet socket (protocol 0: the kernel delivers it nothing to read).</summary>
    public static SocketHandle Open()
    {
        int fd = LibC.socket(LibC.AF_PACKET, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, 0);
        return fd < 0 ? throw new PacketSocketException("socket(AF_PACKET)", LibC.errno) : new SocketHandle(fd);
    }

    /// <summary>Sends one frame, already carrying its Ethernet header, out of interface <paramref name="interfaceIndex"/>.</summary>
    public static void Send(SocketHandle handle, int interfaceIndex, ushort etherType, ReadOnlySpan<byte> destination, ReadOnlySpan<byte> frame)
    {
        var address = new sockaddr_ll
        {
            sll_family = (ushort)(int)LibC.AF_PACKET,
            sll_protocol = (ushort)System.Net.IPAddress.HostToNetworkOrder((short)etherType),
            sll_ifindex = interfaceIndex,
            sll_halen = (byte)destination.Length,
        };
        for (var i = 0; i < destination.Length; i++)
        {
            address.sll_addr[i] = destination[i];
        }
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            fixed (byte* p = frame)
            {
                while (LibC.sendto(handle.Fd, p, frame.Length, 0, (sockaddr*)&address, (socklen_t)sizeof(sockaddr_ll)) < 0)
                {
                    if (LibC.errno != LibC.EINTR)
                    {
                        throw new PacketSocketException("sendto", LibC.errno);
                    }
                }
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }
}

/// <summary>A failed packet-socket call, with errno.</summary>
public sealed class PacketSocketException(string call, int errno)
    : IOException($"{call} failed: errno {errno}{(errno == 1 ? " (operation not permitted: needs CAP_NET_RAW)" : "")}")
{
    /// <summary>The errno the call failed with.</summary>
    public int Errno { get; } = errno;
}
