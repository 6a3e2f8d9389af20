using System.Net.Sockets;
using Tmds.Linux;

namespace LvsActors.Linux.Interop;

/// <summary>
/// One epoll set and the eventfd that other threads write to wake the loop waiting on it: the shape of the probe
/// engine and the TCP relay engine, each one thread around one of these.
/// </summary>
internal sealed unsafe class EpollSet : IDisposable
{
    /// <summary>The token the eventfd is watched under: no socket's.</summary>
    public const ulong WakeupToken = ulong.MaxValue;

    private readonly SocketHandle _epoll;
    private readonly SocketHandle _wakeup;
    private int _wakePending;

    public EpollSet()
    {
        int fd = LibC.epoll_create1(LibC.EPOLL_CLOEXEC);
        _epoll = fd < 0 ? throw new IOException($"epoll_create1 failed: errno {LibC.errno}") : new SocketHandle(fd);
        fd = LibC.eventfd(0, LibC.EFD_NONBLOCK | LibC.EFD_CLOEXEC);
        if (fd < 0)
        {
            _epoll.Dispose();
            throw new IOException($"eventfd failed: errno {LibC.errno}");
        }
        _wakeup = new SocketHandle(fd);
        if (Watch(fd, WakeupToken, Readiness.Readable, edgeTriggered: false) != SocketError.Success)
        {
            Dispose();
            throw new IOException($"epoll_ctl(ADD eventfd) failed: errno {LibC.errno}");
        }
    }

    /// <summary>
    /// Wakes the loop from another thread; until the loop takes the wakeup (<see cref="TakeWakeup"/>) further calls
    /// write nothing, so a burst of hand-overs costs one write.
    /// </summary>
    public void Wake()
    {
        if (Interlocked.Exchange(ref _wakePending, 1) == 0)
        {
            WakeNow();
        }
    }

    /// <summary>Wakes the loop whatever is pending (to stop it).</summary>
    public void WakeNow()
    {
        ulong one = 1;
        LibC.write(_wakeup.Fd, &one, sizeof(ulong));
    }

    /// <summary>Resets the eventfd once the loop saw <see cref="WakeupToken"/>; the next <see cref="Wake"/> writes again.</summary>
    public void TakeWakeup()
    {
        ulong count;
        LibC.read(_wakeup.Fd, &count, sizeof(ulong));
        Volatile.Write(ref _wakePending, 0);
    }

    /// <summary>
    /// Adds <paramref name="fd"/> under <paramref name="token"/> for <paramref name="interest"/> (Readable, Writable,
    /// PeerClosed), edge-triggered (one event per change, registered once for the socket's life) or level-triggered.
    /// </summary>
    public SocketError Watch(int fd, ulong token, Readiness interest, bool edgeTriggered)
    {
        var watched = new epoll_event
        {
            events = ((interest & Readiness.Readable) != 0 ? LibC.EPOLLIN : 0)
                | ((interest & Readiness.Writable) != 0 ? LibC.EPOLLOUT : 0)
                | ((interest & Readiness.PeerClosed) != 0 ? LibC.EPOLLRDHUP : 0)
                | (edgeTriggered ? LibC.EPOLLET : 0),
        };
        watched.data.u64 = token;
        return LibC.epoll_ctl(_epoll.Fd, LibC.EPOLL_CTL_ADD, fd, &watched) == 0 ? SocketError.Success : ProbeSyscalls.Map(LibC.errno);
    }

    /// <summary>Stops watching <paramref name="fd"/>; closing a descriptor does so by itself.</summary>
    public void Unwatch(int fd) => LibC.epoll_ctl(_epoll.Fd, LibC.EPOLL_CTL_DEL, fd, null);

    /// <summary>Waits up to <paramref name="timeoutMilliseconds"/> (−1: forever) and writes each ready token with what epoll saw; returns how many.</summary>
    public int Wait(Span<(ulong Token, Readiness Events)> ready, int timeoutMilliseconds)
    {
        var events = stackalloc epoll_event[ready.Length];
        int count = LibC.epoll_wait(_epoll.Fd, events, ready.Length, timeoutMilliseconds);
        if (count < 0)
        {
            return LibC.errno == LibC.EINTR ? 0 : throw new IOException($"epoll_wait failed: errno {LibC.errno}");
        }
        for (int i = 0; i < count; i++)
        {
            int mask = events[i].events;
            ready[i] = (events[i].data.u64,
                ((mask & LibC.EPOLLIN) != 0 ? Readiness.Readable : 0)
                | ((mask & LibC.EPOLLOUT) != 0 ? Readiness.Writable : 0)
                | ((mask & LibC.EPOLLRDHUP) != 0 ? Readiness.PeerClosed : 0)
                | ((mask & LibC.EPOLLHUP) != 0 ? Readiness.Hangup : 0)
                | ((mask & LibC.EPOLLERR) != 0 ? Readiness.Error : 0));
        }
        return count;
    }

    public void Dispose()
    {
        _wakeup?.Dispose();
        _epoll.Dispose();
    }
}

/// <summary>What epoll reported for a socket, or what to watch it for.</summary>
[Flags]
internal enum Readiness
{
    /// <summary>EPOLLIN: bytes, a FIN or an error to read.</summary>
    Readable = 1,

    /// <summary>EPOLLOUT: room to send; on a connecting socket, the connect finished.</summary>
    Writable = 2,

    /// <summary>EPOLLRDHUP: the peer sent its FIN (or reset).</summary>
    PeerClosed = 4,

    /// <summary>EPOLLHUP: both directions are shut — after our own FIN an orderly end, before it a reset.</summary>
    Hangup = 8,

    /// <summary>EPOLLERR: an error waits (a refused connect, a reset).</summary>
    Error = 16,
}
