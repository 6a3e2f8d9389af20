using System.Net.Sockets;
using Tmds.Linux;

namespace LvsActors.Linux.Interop;

/// <summary>
/// The raw calls of the TCP relay engine beyond the probe engine's (<see cref="ProbeSyscalls"/>: connect, send,
/// receive, epoll, eventfd): listening, accepting, half-closing, resetting. Relay sockets are plain descriptors owned
/// by the engine's one thread, for the same reason as probe sockets: a SafeHandle per connection costs an object with
/// a finalizer where a connection may last a millisecond.
/// </summary>
internal static unsafe class RelaySyscalls
{
    // netinet/tcp.h: TCP_INFO, and the first byte of struct tcp_info, tcpi_state, is TCP_CLOSE after a reset.
    private const int TcpInfo = 11;
    private const byte TcpClose = 7;

    // struct linger (not in Tmds.LibC): int l_onoff, int l_linger.
    private struct Linger
    {
        public int OnOff;
        public int Seconds;
    }

    // linux/in.h and linux/in6.h (IPV6_FREEBIND since Linux 4.15).
    private const int IP_FREEBIND = 15;
    private const int IPV6_FREEBIND = 78;

    /// <summary>
    /// Binds and listens on <paramref name="address"/> (a sockaddr from <see cref="ProbeSyscalls.SocketAddress"/>),
    /// non-blocking, with SO_REUSEADDR so that a re-added service binds while its old connections linger in TIME_WAIT.
    /// </summary>
    /// <exception cref="SocketException">The address is not local (without <paramref name="freeBind"/>), or already in use, or the socket cannot be made.</exception>
    public static int Listen(byte[] address, int backlog, bool freeBind = false)
    {
        bool v6 = address.Length == sizeof(sockaddr_in6);
        int fd = LibC.socket(v6 ? LibC.AF_INET6 : LibC.AF_INET, LibC.SOCK_STREAM | LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC, LibC.IPPROTO_TCP);
        if (fd < 0)
        {
            throw new SocketException((int)ProbeSyscalls.Map(LibC.errno));
        }
        int on = 1;
        bool ok = LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_REUSEADDR, &on, sizeof(int)) == 0
            // An IPv6 VIP is that address only, never IPv4 as well (as .NET's sockets bind it).
            && (!v6 || LibC.setsockopt(fd, LibC.IPPROTO_IPV6, LibC.IPV6_V6ONLY, &on, sizeof(int)) == 0)
            // Asked for: a VIP this director does not hold yet (an active-active director before it announces) binds
            // all the same, as HAProxy does with ip_nonlocal_bind: traffic reaches the listener once the address does.
            && (!freeBind || (v6 ? LibC.setsockopt(fd, LibC.IPPROTO_IPV6, IPV6_FREEBIND, &on, sizeof(int)) : LibC.setsockopt(fd, LibC.IPPROTO_IP, IP_FREEBIND, &on, sizeof(int))) == 0);
        if (ok)
        {
            fixed (byte* bytes = address)
            {
                ok = LibC.bind(fd, (sockaddr*)bytes, (socklen_t)address.Length) == 0 && LibC.listen(fd, backlog) == 0;
            }
        }
        if (!ok)
        {
            var error = ProbeSyscalls.Map(LibC.errno);
            LibC.close(fd);
            throw new SocketException((int)error);
        }
        return fd;
    }

    /// <summary>
    /// Takes one client off <paramref name="listener"/>'s queue, non-blocking and with Nagle off, writing its sockaddr
    /// into <paramref name="address"/> and its length into <paramref name="length"/>. Returns the descriptor, or −1
    /// with <paramref name="error"/> WouldBlock when the queue is empty, or why accept failed.
    /// </summary>
    public static int Accept(int listener, Span<byte> address, out int length, out SocketError error)
    {
        fixed (byte* bytes = address)
        {
            while (true)
            {
                socklen_t size = (socklen_t)address.Length;
                int fd = LibC.accept4(listener, (sockaddr*)bytes, &size, LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC);
                if (fd >= 0)
                {
                    NoDelay(fd);
                    length = (int)size;
                    error = SocketError.Success;
                    return fd;
                }
                int errno = LibC.errno;
                if (errno != LibC.EINTR)
                {
                    length = 0;
                    error = errno == LibC.EAGAIN ? SocketError.WouldBlock : ProbeSyscalls.Map(errno);
                    return -1;
                }
            }
        }
    }

    /// <summary>A non-blocking TCP socket toward a real server of the family of <paramref name="destination"/>, Nagle off; −1 with <paramref name="error"/> set.</summary>
    public static int OpenServerSocket(byte[] destination, out SocketError error)
    {
        int family = destination.Length == sizeof(sockaddr_in6) ? LibC.AF_INET6 : LibC.AF_INET;
        int fd = LibC.socket(family, LibC.SOCK_STREAM | LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC, LibC.IPPROTO_TCP);
        if (fd < 0)
        {
            error = ProbeSyscalls.Map(LibC.errno);
            return -1;
        }
        NoDelay(fd);
        error = SocketError.Success;
        return fd;
    }

    /// <summary>Sends our FIN on <paramref name="fd"/>; the other direction stays open.</summary>
    public static void ShutdownSend(int fd) => LibC.shutdown(fd, LibC.SHUT_WR);

    /// <summary>Closes with SO_LINGER 0, so the peer gets a reset instead of a FIN.</summary>
    public static void Reset(int fd)
    {
        var linger = new Linger { OnOff = 1, Seconds = 0 };
        LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_LINGER, &linger, (socklen_t)sizeof(Linger));
        LibC.close(fd);
    }

    /// <summary>
    /// True when the connection was reset, though a read returned 0 as for a FIN: Linux reports a reset to one system
    /// call only, and a FIN leaves the socket in CLOSE_WAIT where a reset leaves it in CLOSE.
    /// </summary>
    public static bool WasReset(int fd)
    {
        byte* info = stackalloc byte[8];
        socklen_t length = 8;
        return LibC.getsockopt(fd, LibC.IPPROTO_TCP, TcpInfo, info, &length) != 0 || (length > 0 && info[0] == TcpClose);
    }

    private static void NoDelay(int fd)
    {
        int on = 1;
        LibC.setsockopt(fd, LibC.IPPROTO_TCP, LibC.TCP_NODELAY, &on, sizeof(int));
    }
}

