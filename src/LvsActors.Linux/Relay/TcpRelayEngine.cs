using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using LvsActors.Linux.Interop;

namespace LvsActors.Linux.Relay;

/// <summary>
/// Relays TCP connections between clients and real servers on one thread, as HAProxy's single-threaded loop does:
/// non-blocking sockets, one epoll set, each socket registered once, edge-triggered. A read goes straight out through
/// the other socket from one buffer shared by every relay; only bytes the other socket had no room for are copied
/// aside, and reading that direction pauses until they went. A short read means the socket is drained (epoll(7)), so
/// unlike .NET's sockets no read ends in EAGAIN; the accepted socket is non-blocking from accept4 and the real server's
/// from socket(2), with no fcntl. Per keep-alive request that is four system calls and a share of one epoll_wait.
/// A FIN is passed on as a FIN and the other direction keeps flowing; a reset or an error resets both legs.
/// Timeouts belong to the owner, which reads <see cref="TcpRelay.LastActivity"/> and asks for an abort. Linux only.
/// </summary>
public sealed partial class TcpRelayEngine : IDisposable
{
    // Readiness events taken per epoll_wait.
    private const int Batch = 256;

    // Clients taken from one listener per turn, so that one busy service cannot hold up the relays of the rest.
    private const int AcceptsPerTurn = 64;

    // How long a listener rests when accept fails (descriptors ran out): the kernel's backlog holds the clients.
    private const int AcceptPauseMilliseconds = 50;

    // Tokens: the eventfd's (EpollSet.WakeupToken); a listener (this bit and its slot); a relay (its generation << 32 | slot << 2 | which
    // socket: 0 the client's, 1 or 3 the real server's by the parity of the connect attempt, so that an event of a
    // socket given up in the same batch cannot pass for its successor's). Generations keep below bit 30, so no relay
    // token has the listener bit.
    private const ulong ListenerBit = 1UL << 62;

    private readonly EpollSet _epoll;
    private readonly Thread _thread;
    private readonly ConcurrentQueue<(TcpRelay? Relay, RelayListener? Listener, RelayCommand Command)> _commands = new();
    private readonly List<TcpRelay?> _relays = [];
    private readonly Stack<int> _freeRelays = new();
    private readonly List<RelayListener?> _listeners = [];
    private readonly byte[] _buffer;
    private uint _generation;
    private long _now = Environment.TickCount64;
    private int _paused;
    private volatile bool _disposed;

    /// <summary>Starts an engine on its own thread; <paramref name="bufferSize"/> is the most one read takes.</summary>
    public TcpRelayEngine(string threadName, int bufferSize = 16 * 1024)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("the TCP relay engine needs Linux (epoll)");
        }
        _buffer = new byte[bufferSize];
        _epoll = new EpollSet();
        _thread = new Thread(RunLoop) { IsBackground = true, Name = threadName };
        _thread.Start();
    }

    /// <summary>Binds and listens on <paramref name="endPoint"/> now; clients are accepted on the engine's thread.</summary>
    /// <param name="freeBind">Bind an address this host does not hold (yet): IP_FREEBIND.</param>
    /// <exception cref="SocketException">The address is not local (without <paramref name="freeBind"/>), or the port is taken.</exception>
    public RelayListener Listen(IPEndPoint endPoint, int backlog, ITcpRelayAcceptor acceptor, bool freeBind = false)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var fd = RelaySyscalls.Listen(ProbeSyscalls.SocketAddress(endPoint), backlog, freeBind);
        var listener = new RelayListener(this, endPoint, fd, acceptor);
        Submit(listener, RelayCommand.Listen);
        return listener;
    }

    /// <summary>Stops the thread and resets every relay still open; their sessions hear nothing more.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _epoll.WakeNow();
        _thread.Join();
        for (var i = 0; i < _relays.Count; i++)
        {
            if (_relays[i] is { } relay)
            {
                Close(relay, graceful: false);
            }
        }
        for (var i = 0; i < _listeners.Count; i++)
        {
            if (_listeners[i] is { } listener)
            {
                CloseListener(listener);
            }
        }
        while (_commands.TryDequeue(out var command))
        {
            if (command.Listener is { } listener)
            {
                CloseListener(listener);
            }
        }
        _epoll.Dispose();
    }

    internal void Submit(TcpRelay relay, RelayCommand command) => Submit((relay, null, command));

    internal void Submit(RelayListener listener, RelayCommand command)
    {
        if (_disposed && command == RelayCommand.CloseListener)
        {
            listener.Closed();
            return;
        }
        Submit((null, listener, command));
    }

    private void Submit((TcpRelay?, RelayListener?, RelayCommand) command)
    {
        _commands.Enqueue(command);
        _epoll.Wake();
    }

    private void RunLoop()
    {
        Span<(ulong Token, Readiness Events)> ready = new (ulong, Readiness)[Batch];
        while (!_disposed)
        {
            var count = _epoll.Wait(ready, _paused > 0 ? AcceptPauseMilliseconds : -1);
            _now = Environment.TickCount64;
            for (var i = 0; i < count; i++)
            {
                var token = ready[i].Token;
                if (token == EpollSet.WakeupToken)
                {
                    _epoll.TakeWakeup();
                    TakeCommands();
                }
                else if ((token & ListenerBit) != 0)
                {
                    Accept((int)(uint)token);
                }
                else
                {
                    Ready(token, ready[i].Events);
                }
            }
            if (_paused > 0)
            {
                ResumeListeners();
            }
        }
    }

    private void TakeCommands()
    {
        while (!_disposed && _commands.TryDequeue(out var command))
        {
            switch (command.Command)
            {
                case RelayCommand.Listen:
                    Watch(command.Listener!);
                    break;
                case RelayCommand.CloseListener:
                    CloseListener(command.Listener!);
                    break;
                case RelayCommand.Abort when !command.Relay!.Ended:
                    Close(command.Relay, graceful: false);
                    break;
                case RelayCommand.ConnectTimeout when command.Relay is { Ended: false, Connecting: true, Server.Fd: >= 0 } relay:
                    ProbeSyscalls.Close(relay.Server.Fd);
                    relay.Server.Fd = -1;
                    Connect(relay, SocketError.TimedOut);
                    break;
            }
        }
    }

    private TcpRelay NewRelay(int clientFd)
    {
        var id = _freeRelays.Count > 0 ? _freeRelays.Pop() : _relays.Count;
        _generation = (_generation + 1) & 0x3FFF_FFFF;
        var relay = new TcpRelay(this, id, _generation, clientFd) { LastActivity = _now };
        if (id == _relays.Count)
        {
            _relays.Add(relay);
        }
        else
        {
            _relays[id] = relay;
        }
        return relay;
    }

    // Every relay socket is watched for everything, edge-triggered, registered once for its whole life.
    private SocketError Watch(int fd, ulong token) =>
        _epoll.Watch(fd, token, Readiness.Readable | Readiness.Writable | Readiness.PeerClosed, edgeTriggered: true);

    private static ulong Token(TcpRelay relay, bool server) =>
        (ulong)relay.Generation << 32 | (uint)relay.Id << 2 | (server ? 1u | (uint)(relay.ConnectAttempts & 1) << 1 : 0u);

    /// <summary>Connects to the session's next real server; with none left (or none at all) the client is reset.</summary>
    private void Connect(TcpRelay relay, SocketError? failure)
    {
        while (true)
        {
            RelayDestination? destination = null;
            try
            {
                destination = relay.Session!.NextServer(failure);
            }
            catch (Exception e)
            {
                Trace.TraceError($"TCP relay session failed: {e}");
            }
            if (destination is null)
            {
                Close(relay, graceful: false);
                return;
            }
            relay.ConnectAttempts++;
            var fd = RelaySyscalls.OpenServerSocket(destination.Address, out var error);
            if (fd >= 0)
            {
                error = ProbeSyscalls.Connect(fd, destination.Address);
                if (error is SocketError.IOPending or SocketError.Success)
                {
                    // Connected at once or not, the socket reports writable when the connect is done.
                    error = Watch(fd, Token(relay, server: true));
                    if (error == SocketError.Success)
                    {
                        relay.Server.Fd = fd;
                        relay.Server.PeerClosing = false;
                        relay.Connecting = true;
                        relay.LastActivity = _now;
                        return;
                    }
                }
                ProbeSyscalls.Close(fd);
            }
            failure = error;
        }
    }

    private void Ready(ulong token, Readiness events)
    {
        var id = (int)((uint)token >> 2);
        var relay = id < _relays.Count ? _relays[id] : null;
        if (relay is null || relay.Generation != (uint)(token >> 32))
        {
            // Closed earlier in this batch (its slot may already be another's).
            return;
        }
        var server = (token & 1) != 0;
        if (server && (int)(token >> 1 & 1) != (relay.ConnectAttempts & 1))
        {
            // A real server's socket given up earlier in this batch (refused, or its connect timed out).
            return;
        }
        var leg = server ? relay.Server : relay.Client;
        if ((events & (Readiness.PeerClosed | Readiness.Hangup | Readiness.Error)) != 0)
        {
            leg.PeerClosing = true;
        }
        if (relay.Connecting)
        {
            Connecting(relay, leg, events);
            return;
        }
        if ((events & Readiness.Writable) != 0 && leg.OutboxCount > 0)
        {
            Flush(relay, leg);
        }
        if (!relay.Ended && (events & ~Readiness.Writable) != 0)
        {
            Drain(relay, leg, events);
        }
    }

    private void Connecting(TcpRelay relay, RelayLeg leg, Readiness events)
    {
        if (ReferenceEquals(leg, relay.Client))
        {
            if ((events & (Readiness.Hangup | Readiness.Error)) != 0)
            {
                // The client reset before a real server answered.
                Close(relay, graceful: false);
            }
            else if ((events & (Readiness.Readable | Readiness.PeerClosed)) != 0)
            {
                // Read once the real server is there; the edge will not come again.
                leg.Unread = true;
            }
            return;
        }
        if ((events & (Readiness.Hangup | Readiness.Error)) != 0)
        {
            // Only a failure needs SO_ERROR to say which.
            var error = ProbeSyscalls.PendingError(leg.Fd);
            ProbeSyscalls.Close(leg.Fd);
            leg.Fd = -1;
            Connect(relay, error == SocketError.Success ? SocketError.ConnectionReset : error);
            return;
        }
        if ((events & Readiness.Writable) == 0)
        {
            return;
        }
        relay.Connecting = false;
        relay.Relayed = true;
        relay.LastActivity = _now;
        if ((events & (Readiness.Readable | Readiness.PeerClosed)) != 0)
        {
            // A real server that speaks first.
            Drain(relay, leg, events);
        }
        if (!relay.Ended && relay.Client.Unread)
        {
            relay.Client.Unread = false;
            Drain(relay, relay.Client, Readiness.Readable | (relay.Client.PeerClosing ? Readiness.PeerClosed : 0));
        }
    }

    /// <summary>
    /// Moves what <paramref name="from"/> has to the other socket until <paramref name="from"/> is drained, the other
    /// has no room (the rest waits in its outbox, and this direction pauses), or a FIN or an error ends the reading.
    /// </summary>
    private void Drain(TcpRelay relay, RelayLeg from, Readiness events)
    {
        var to = relay.Peer(from);
        if (from.FinReceived || to.OutboxCount > 0)
        {
            // Finished, or paused: the flush of the outbox reads on.
            return;
        }
        while (true)
        {
            var read = ProbeSyscalls.Receive(from.Fd, _buffer, out var error);
            if (read < 0)
            {
                if (error != SocketError.WouldBlock)
                {
                    Close(relay, graceful: false);
                }
                return;
            }
            if (read == 0)
            {
                Fin(relay, from, events);
                return;
            }
            relay.LastActivity = _now;
            var sent = ProbeSyscalls.Send(to.Fd, _buffer.AsSpan(0, read), out error);
            if (sent < 0)
            {
                Close(relay, graceful: false);
                return;
            }
            if (sent < read)
            {
                Stash(to, _buffer.AsSpan(sent, read - sent));
                return;
            }
            if (read < _buffer.Length && !from.PeerClosing)
            {
                // A short read drained the socket; the next bytes come with an edge of their own.
                return;
            }
        }
    }

    /// <summary>
    /// <paramref name="from"/>'s peer is done sending. Linux reports a reset to one system call only, so a 0 that
    /// epoll did not announce as a plain FIN (EPOLLRDHUP without HUP or ERR) may be a reset whose report another call
    /// took: passing that on as a FIN would turn the client's abort into an orderly close on the real server.
    /// </summary>
    private void Fin(TcpRelay relay, RelayLeg from, Readiness events)
    {
        var plainFin = (events & Readiness.PeerClosed) != 0 && (events & (Readiness.Hangup | Readiness.Error)) == 0;
        if (!from.FinSent && !plainFin && RelaySyscalls.WasReset(from.Fd))
        {
            Close(relay, graceful: false);
            return;
        }
        from.FinReceived = true;
        var to = relay.Peer(from);
        if (to.OutboxCount == 0)
        {
            PassFin(relay, to);
        }
    }

    /// <summary>
    /// Sends our FIN on <paramref name="to"/>, whose opposite socket said its last word. After the second FIN both
    /// peers are done, and closing both sockets sends this one without a shutdown call of its own.
    /// </summary>
    private void PassFin(TcpRelay relay, RelayLeg to)
    {
        if (to.FinReceived)
        {
            Close(relay, graceful: true);
            return;
        }
        RelaySyscalls.ShutdownSend(to.Fd);
        to.FinSent = true;
    }

    /// <summary>Sends what waits in <paramref name="leg"/>'s outbox; once it is empty, the paused direction reads on.</summary>
    private void Flush(TcpRelay relay, RelayLeg leg)
    {
        var sent = ProbeSyscalls.Send(leg.Fd, leg.Outbox.AsSpan(leg.OutboxStart, leg.OutboxCount), out _);
        if (sent < 0)
        {
            Close(relay, graceful: false);
            return;
        }
        leg.OutboxStart += sent;
        leg.OutboxCount -= sent;
        if (leg.OutboxCount > 0)
        {
            return;
        }
        ArrayPool<byte>.Shared.Return(leg.Outbox!);
        leg.Outbox = null;
        relay.LastActivity = _now;
        var from = relay.Peer(leg);
        if (from.FinReceived)
        {
            PassFin(relay, leg);
        }
        else
        {
            Drain(relay, from, from.PeerClosing ? Readiness.PeerClosed : 0);
        }
    }

    private void Stash(RelayLeg to, ReadOnlySpan<byte> rest)
    {
        to.Outbox = ArrayPool<byte>.Shared.Rent(Math.Max(rest.Length, _buffer.Length));
        rest.CopyTo(to.Outbox);
        to.OutboxStart = 0;
        to.OutboxCount = rest.Length;
    }

    /// <summary>Closes both sockets — gracefully after both FINs, else with resets — frees the slot and tells the session.</summary>
    private void Close(TcpRelay relay, bool graceful)
    {
        relay.Ended = true;
        CloseLeg(relay.Client, graceful);
        CloseLeg(relay.Server, graceful);
        if (_relays[relay.Id] == relay)
        {
            _relays[relay.Id] = null;
            _freeRelays.Push(relay.Id);
        }
        if (relay.Session is null || _disposed)
        {
            return;
        }
        try
        {
            relay.Session.Ended(relay.Relayed, graceful);
        }
        catch (Exception e)
        {
            Trace.TraceError($"TCP relay session failed: {e}");
        }
    }

    private static void CloseLeg(RelayLeg leg, bool graceful)
    {
        if (leg.Fd >= 0)
        {
            if (graceful)
            {
                ProbeSyscalls.Close(leg.Fd);
            }
            else
            {
                RelaySyscalls.Reset(leg.Fd);
            }
            leg.Fd = -1;
        }
        if (leg.Outbox is not null)
        {
            ArrayPool<byte>.Shared.Return(leg.Outbox);
            leg.Outbox = null;
            leg.OutboxCount = 0;
        }
    }
}
