using System.Runtime.InteropServices;
using LvsActors.Linux.Netlink;
using Tmds.Linux;

namespace LvsActors.Linux.Interop;

/// <summary>
/// The only unsafe code: socket, bind, getsockname, setsockopt, send and recv on a netlink socket through Tmds.LibC.
/// Every call holds a reference on the handle so the descriptor cannot be closed and reused underneath it,
/// and turns a failing call into a <see cref="NetlinkSocketException"/> carrying errno.
/// </summary>
internal static unsafe class NetlinkSyscalls
{
    // struct sockaddr_nl (not in Tmds.LibC): u16 nl_family, u16 nl_pad, u32 nl_pid, u32 nl_groups.
    [StructLayout(LayoutKind.Sequential)]
    private struct SockaddrNl
    {
        public sa_family_t Family;
        public ushort Pad;
        public uint PortId;
        public uint Groups;
    }

    // struct timeval on 64-bit Linux (not in Tmds.LibC, which has only timespec): two longs.
    [StructLayout(LayoutKind.Sequential)]
    private struct Timeval
    {
        public long Seconds;
        public long Microseconds;
    }

    /// <summary>Opens a netlink socket for <paramref name="protocol"/> (NETLINK_ROUTE, NETLINK_GENERIC), close-on-exec.</summary>
    public static SocketHandle Open(int protocol)
    {
        int fd = LibC.socket(LibC.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, protocol);
        if (fd < 0)
        {
            throw Fail("socket");
        }

        return new SocketHandle(fd);
    }

    /// <summary>Binds with port id 0 so the kernel assigns a unique one, and returns it.</summary>
    public static uint BindAndGetPortId(SocketHandle handle)
    {
        return handle.Use(fd =>
        {
            var address = new SockaddrNl { Family = LibC.AF_NETLINK };
            if (LibC.bind(fd, (sockaddr*)&address, (socklen_t)sizeof(SockaddrNl)) != 0)
            {
                throw Fail("bind");
            }

            var bound = default(SockaddrNl);
            socklen_t length = sizeof(SockaddrNl);
            if (LibC.getsockname(fd, (sockaddr*)&bound, &length) != 0)
            {
                throw Fail("getsockname");
            }

            return bound.PortId;
        });
    }

    /// <summary>Sets an int socket option.</summary>
    public static void SetOption(SocketHandle handle, int level, int option, int value, string name)
    {
        handle.Use(fd =>
        {
            int v = value;
            if (LibC.setsockopt(fd, level, option, &v, sizeof(int)) != 0)
            {
                throw Fail($"setsockopt {name}");
            }

            return 0;
        });
    }

    /// <summary>Sets SO_RCVTIMEO so a recv that gets no reply fails with EAGAIN instead of blocking forever.</summary>
    public static void SetReceiveTimeout(SocketHandle handle, TimeSpan timeout)
    {
        handle.Use(fd =>
        {
            long micros = (long)(timeout.TotalMilliseconds * 1000);
            var tv = new Timeval { Seconds = micros / 1_000_000, Microseconds = micros % 1_000_000 };
            if (LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVTIMEO, &tv, sizeof(Timeval)) != 0)
            {
                throw Fail("setsockopt SO_RCVTIMEO");
            }

            return 0;
        });
    }

    /// <summary>Sends the whole buffer as one datagram (which may hold many netlink messages).</summary>
    public static void Send(SocketHandle handle, ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            byte* start = p;
            int length = data.Length;
            handle.Use(fd =>
            {
                while (true)
                {
                    long sent = LibC.send(fd, start, length, 0);
                    if (sent >= 0)
                    {
                        // A netlink datagram is taken whole or not at all.
                        return 0;
                    }

                    if (LibC.errno != LibC.EINTR)
                    {
                        throw Fail("send");
                    }
                }
            });
        }
    }

    /// <summary>Receives one datagram into <paramref name="buffer"/> and returns its length.</summary>
    public static int Receive(SocketHandle handle, Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            byte* start = p;
            int length = buffer.Length;
            return handle.Use(fd =>
            {
                while (true)
                {
                    long received = LibC.recv(fd, start, length, 0);
                    if (received >= 0)
                    {
                        return (int)received;
                    }

                    if (LibC.errno != LibC.EINTR)
                    {
                        throw Fail("recv");
                    }
                }
            });
        }
    }

    private static NetlinkSocketException Fail(string call)
    {
        int errno = LibC.errno;
        return new NetlinkSocketException(call, errno);
    }
}
