namespace LvsActors.Linux.Relay;

/// <summary>
/// One proxied connection inside a <see cref="TcpRelayEngine"/>: the client's socket, the real server's, and what each
/// direction still owes. Its state belongs to the engine's thread; other threads read <see cref="LastActivity"/> and
/// <see cref="Connecting"/> for timeouts and ask for <see cref="Abort"/> or <see cref="TimeOutConnect"/>, which the
/// engine carries out on its thread.
/// </summary>
public sealed class TcpRelay
{
    private readonly TcpRelayEngine _engine;
    private long _lastActivity = Environment.TickCount64;
    private volatile bool _connecting = true;

    internal TcpRelay(TcpRelayEngine engine, int id, uint generation, int clientFd)
    {
        _engine = engine;
        Id = id;
        Generation = generation;
        Client = new RelayLeg(clientFd);
        Server = new RelayLeg(-1);
    }

    /// <summary>Last time bytes moved or a connect began or finished, in <see cref="Environment.TickCount64"/> milliseconds.</summary>
    public long LastActivity
    {
        get => Volatile.Read(ref _lastActivity);
        internal set => Volatile.Write(ref _lastActivity, value);
    }

    /// <summary>True until a real server accepted the connection (a connect timeout applies, not the idle one).</summary>
    public bool Connecting
    {
        get => _connecting;
        internal set => _connecting = value;
    }

    /// <summary>Resets both legs; from any thread, carried out by the engine. The session hears <see cref="ITcpRelaySession.Ended"/>.</summary>
    public void Abort() => _engine.Submit(this, RelayCommand.Abort);

    /// <summary>Gives up the connect under way (from any thread): the session is asked for another server.</summary>
    public void TimeOutConnect() => _engine.Submit(this, RelayCommand.ConnectTimeout);

    internal int Id { get; }

    internal uint Generation { get; }

    internal ITcpRelaySession? Session { get; set; }

    internal RelayLeg Client { get; }

    internal RelayLeg Server { get; }

    /// <summary>Connects begun, counting those that failed before epoll saw them; its parity marks the server socket's events.</summary>
    internal int ConnectAttempts { get; set; }

    /// <summary>A real server answered: from then on an ending counts as relayed.</summary>
    internal bool Relayed { get; set; }

    internal bool Ended { get; set; }

    internal RelayLeg Peer(RelayLeg leg) => ReferenceEquals(leg, Client) ? Server : Client;
}

/// <summary>
/// One socket of a relay, and the direction that reads from it: bytes read from this socket that the other could not
/// take yet wait in the other leg's <see cref="Outbox"/>, and reading here pauses until they went.
/// </summary>
internal sealed class RelayLeg(int fd)
{
    public int Fd = fd;

    /// <summary>The peer's FIN was read (recv returned 0).</summary>
    public bool FinReceived;

    /// <summary>We sent our FIN on this socket (shutdown SHUT_WR).</summary>
    public bool FinSent;

    /// <summary>epoll said the peer closed (EPOLLRDHUP/HUP/ERR): read on past a short read until the 0 or the error.</summary>
    public bool PeerClosing;

    /// <summary>Bytes arrived while the real server's connect was under way: read them once it is done.</summary>
    public bool Unread;

    /// <summary>Bytes for this socket that it had no room for: rented, with their start and length.</summary>
    public byte[]? Outbox;
    public int OutboxStart;
    public int OutboxCount;
}

/// <summary>What another thread asks the engine to do with a relay or a listener.</summary>
internal enum RelayCommand
{
    Abort,
    ConnectTimeout,
    Listen,
    CloseListener,
}
