using System.Runtime.InteropServices;
using Tmds.Linux;

namespace LvsActors.Linux.Interop;

/// <summary>
/// The raw calls for sending whole Ethernet frames: an AF_PACKET socket and sendto with a sockaddr_ll naming the
/// interface. Used only to announce VIPs (gratuitous ARP, unsolicited neighbour advertisement); needs CAP_NET_RAW.
/// </summary>
internal static unsafe class PacketSyscalls
{
    private const int AF_PACKET = 17;
    private const int SOCK_RAW = 3;
    private const int SOCK_CLOEXEC = 0x80000;
    private const int EINTR = 4;

    // struct sockaddr_ll: u16 family, be16 protocol, i32 ifindex, u16 hatype, u8 pkttype, u8 halen, u8 addr[8].
    [StructLayout(LayoutKind.Sequential)]
    private struct SockaddrLl
    {
        public ushort Family;
        public ushort Protocol;
        public int InterfaceIndex;
        public ushort HardwareType;
        public byte PacketType;
        public byte AddressLength;
        public fixed byte Address[8];
    }

    /// <summary>Opens a send-only packet socket (protocol 0: the kernel delivers it nothing to read).</summary>
    public static PacketSocketHandle Open()
    {
        int fd = LibC.socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
        return fd < 0 ? throw new PacketSocketException("socket(AF_PACKET)", LibC.errno) : new PacketSocketHandle(fd);
    }

    /// <summary>Sends one frame, already carrying its Ethernet header, out of interface <paramref name="interfaceIndex"/>.</summary>
    public static void Send(PacketSocketHandle handle, int interfaceIndex, ushort etherType, ReadOnlySpan<byte> destination, ReadOnlySpan<byte> frame)
    {
        var address = new SockaddrLl
        {
            Family = AF_PACKET,
            Protocol = (ushort)System.Net.IPAddress.HostToNetworkOrder((short)etherType),
            InterfaceIndex = interfaceIndex,
            AddressLength = (byte)destination.Length,
        };
        for (var i = 0; i < destination.Length; i++)
        {
            address.Address[i] = destination[i];
        }
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            fixed (byte* p = frame)
            {
                while (LibC.sendto(handle.Fd, p, frame.Length, 0, (sockaddr*)&address, (socklen_t)sizeof(SockaddrLl)) < 0)
                {
                    if (LibC.errno != EINTR)
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

/// <summary>Owns the descriptor of a packet socket and closes it exactly once.</summary>
internal sealed class PacketSocketHandle : SafeHandle
{
    public PacketSocketHandle(int fd)
        : base(invalidHandleValue: new IntPtr(-1), ownsHandle: true) => SetHandle(new IntPtr(fd));

    public override bool IsInvalid => handle.ToInt64() < 0;

    public int Fd => (int)handle.ToInt64();

    protected override bool ReleaseHandle() => LibC.close(Fd) == 0;
}

/// <summary>A failed packet-socket call, with errno.</summary>
public sealed class PacketSocketException(string call, int errno)
    : IOException($"{call} failed: errno {errno}{(errno == 1 ? " (operation not permitted: needs CAP_NET_RAW)" : "")}")
{
    /// <summary>The errno the call failed with.</summary>
    public int Errno { get; } = errno;
}
