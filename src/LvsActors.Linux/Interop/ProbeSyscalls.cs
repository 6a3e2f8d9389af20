using System.Net;
using System.Net.Sockets;
using Tmds.Linux;

namespace LvsActors.Linux.Interop;

/// <summary>
/// The raw calls of the TCP probe engine: non-blocking connects (half-open, or with a request and its answer); its
/// epoll set is an <see cref="EpollSet"/>.
/// Probe sockets are plain descriptors, not SafeHandles: the engine's one thread opens and closes each on every path
/// within one probe, and a SafeHandle per probe (ten thousand a second) would cost an object with a finalizer each.
/// Failures come back as errno mapped to <see cref="SocketError"/>, never as exceptions, except for the engine's own
/// descriptors, whose failure means the engine cannot run.
/// </summary>
internal static unsafe class ProbeSyscalls
{
    // netinet/tcp.h; not in Tmds.LibC.
    private const int TcpQuickAck = 12;

    // struct linger (not in Tmds.LibC): int l_onoff, int l_linger.
    private struct Linger
    {
        public int OnOff;
        public int Seconds;
    }

    /// <summary>The bytes of a sockaddr_in or sockaddr_in6 for <paramref name="endpoint"/>, built once per real server.</summary>
    public static byte[] SocketAddress(IPEndPoint endpoint)
    {
        var v6 = endpoint.AddressFamily == AddressFamily.InterNetworkV6;
        var bytes = new byte[v6 ? sizeof(sockaddr_in6) : sizeof(sockaddr_in)];
        BitConverter.TryWriteBytes(bytes.AsSpan(0, 2), (ushort)(v6 ? LibC.AF_INET6 : LibC.AF_INET));
        bytes[2] = (byte)(endpoint.Port >> 8);
        bytes[3] = (byte)endpoint.Port;
        if (v6)
        {
            endpoint.Address.TryWriteBytes(bytes.AsSpan(8, 16), out _);
            BitConverter.TryWriteBytes(bytes.AsSpan(24, 4), (uint)endpoint.Address.ScopeId);
        }
        else
        {
            endpoint.Address.TryWriteBytes(bytes.AsSpan(4, 4), out _);
        }
        return bytes;
    }

    /// <summary>
    /// Opens a non-blocking TCP socket for a half-open probe: quick ACKs off, so the kernel holds back the ACK of
    /// the SYN-ACK hoping to piggyback it on data, and linger 0, so the close that follows sends a reset instead and
    /// the real server's application never sees a connection. Binds <paramref name="source"/> when given.
    /// Returns the descriptor, or −1 with <paramref name="error"/> set.
    /// </summary>
    public static int OpenProbeSocket(byte[] destination, byte[]? source, bool reuseSource, out SocketError error)
    {
        int family = destination.Length == sizeof(sockaddr_in6) ? LibC.AF_INET6 : LibC.AF_INET;
        int fd = LibC.socket(family, LibC.SOCK_STREAM | LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC, LibC.IPPROTO_TCP);
        if (fd < 0)
        {
            error = Map(LibC.errno);
            return -1;
        }
        int off = 0;
        var linger = new Linger { OnOff = 1, Seconds = 0 };
        bool ok = LibC.setsockopt(fd, LibC.IPPROTO_TCP, TcpQuickAck, &off, sizeof(int)) == 0
            && LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_LINGER, &linger, (socklen_t)sizeof(Linger)) == 0;
        if (ok && source is not null)
        {
            int on = 1;
            // A fixed source port would otherwise be refused for as long as the last probe's TIME_WAIT lasts.
            ok = (!reuseSource || LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_REUSEADDR, &on, sizeof(int)) == 0)
                && Bind(fd, source);
        }
        if (!ok)
        {
            error = Map(LibC.errno);
            LibC.close(fd);
            return -1;
        }
        error = SocketError.Success;
        return fd;
    }

    /// <summary>Starts connecting: Success when already connected, IOPending when under way, else why not.</summary>
    public static SocketError Connect(int fd, byte[] destination)
    {
        fixed (byte* address = destination)
        {
            while (LibC.connect(fd, (sockaddr*)address, (socklen_t)destination.Length) != 0)
            {
                int errno = LibC.errno;
                if (errno != LibC.EINTR)
                {
                    return errno == LibC.EINPROGRESS ? SocketError.IOPending : Map(errno);
                }
            }
        }
        return SocketError.Success;
    }

    /// <summary>The outcome of a finished non-blocking connect (SO_ERROR).</summary>
    public static SocketError PendingError(int fd)
    {
        int error = 0;
        socklen_t length = sizeof(int);
        return LibC.getsockopt(fd, LibC.SOL_SOCKET, LibC.SO_ERROR, &error, &length) != 0 ? Map(LibC.errno) : Map(error);
    }

    /// <summary>Closes a probe socket; with linger 0 an established one goes with a reset.</summary>
    public static void Close(int fd) => LibC.close(fd);

    /// <summary>Sends without blocking; returns how many bytes went (possibly fewer), or −1 with <paramref name="error"/> set.</summary>
    public static int Send(int fd, ReadOnlySpan<byte> data, out SocketError error)
    {
        fixed (byte* bytes = data)
        {
            while (true)
            {
                // MSG_NOSIGNAL: a server that closed early is an error to report, never a SIGPIPE.
                var sent = (int)LibC.send(fd, bytes, data.Length, LibC.MSG_NOSIGNAL);
                if (sent >= 0)
                {
                    error = SocketError.Success;
                    return sent;
                }
                int errno = LibC.errno;
                if (errno == LibC.EAGAIN)
                {
                    error = SocketError.Success;
                    return 0;
                }
                if (errno != LibC.EINTR)
                {
                    error = Map(errno);
                    return -1;
                }
            }
        }
    }

    /// <summary>
    /// Reads without blocking into <paramref name="buffer"/>: the count (0 when the server closed), or −1 with
    /// <paramref name="error"/> WouldBlock when nothing is there yet, or why the read failed.
    /// </summary>
    public static int Receive(int fd, Span<byte> buffer, out SocketError error)
    {
        fixed (byte* bytes = buffer)
        {
            while (true)
            {
                var read = (int)LibC.recv(fd, bytes, buffer.Length, 0);
                if (read >= 0)
                {
                    error = SocketError.Success;
                    return read;
                }
                int errno = LibC.errno;
                if (errno != LibC.EINTR)
                {
                    error = errno == LibC.EAGAIN ? SocketError.WouldBlock : Map(errno);
                    return -1;
                }
            }
        }
    }

    private static bool Bind(int fd, byte[] source)
    {
        fixed (byte* address = source)
        {
            return LibC.bind(fd, (sockaddr*)address, (socklen_t)source.Length) == 0;
        }
    }

    /// <summary>The errno values a probe or a relay meets, as the SocketError .NET's sockets report for them.</summary>
    internal static SocketError Map(int errno) => errno switch
    {
        0 => SocketError.Success,
        _ when errno == LibC.ECONNREFUSED => SocketError.ConnectionRefused,
        _ when errno == LibC.ECONNRESET || errno == LibC.EPIPE => SocketError.ConnectionReset,
        _ when errno == LibC.ECONNABORTED => SocketError.ConnectionAborted,
        _ when errno == LibC.ETIMEDOUT => SocketError.TimedOut,
        _ when errno == LibC.EHOSTUNREACH => SocketError.HostUnreachable,
        _ when errno == LibC.ENETUNREACH => SocketError.NetworkUnreachable,
        _ when errno == LibC.EADDRNOTAVAIL => SocketError.AddressNotAvailable,
        _ when errno == LibC.EADDRINUSE => SocketError.AddressAlreadyInUse,
        _ when errno == LibC.EACCES || errno == LibC.EPERM => SocketError.AccessDenied,
        _ when errno == LibC.EMFILE || errno == LibC.ENFILE => SocketError.TooManyOpenSockets,
        _ when errno == LibC.ENOBUFS || errno == LibC.ENOMEM => SocketError.NoBufferSpaceAvailable,
        _ => SocketError.SocketError,
    };
}
