using System.Net;

namespace LvsActors.Linux.Relay;

/// <summary>
/// A listening socket of a <see cref="TcpRelayEngine"/> (a virtual service's VIP:port): every client it accepts goes to
/// its <see cref="ITcpRelayAcceptor"/>. Closing it stops new clients and leaves open relays alone, as removing a service
/// from IPVS does.
/// </summary>
public sealed class RelayListener
{
    private readonly TcpRelayEngine _engine;
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal RelayListener(TcpRelayEngine engine, IPEndPoint endPoint, int fd, ITcpRelayAcceptor acceptor)
    {
        _engine = engine;
        EndPoint = endPoint;
        Fd = fd;
        Acceptor = acceptor;
    }

    public IPEndPoint EndPoint { get; }

    internal int Fd { get; set; }

    internal ITcpRelayAcceptor Acceptor { get; }

    /// <summary>Its slot in the engine's listener table, or −1 before it is watched and after it closed.</summary>
    internal int Id { get; set; } = -1;

    /// <summary>While descriptors ran out: when to watch it again, in engine milliseconds.</summary>
    internal long PausedUntil { get; set; } = -1;

    /// <summary>Closes the socket (on the engine's thread); completes once it is closed and the port is free.</summary>
    public Task CloseAsync()
    {
        _engine.Submit(this, RelayCommand.CloseListener);
        return _closed.Task;
    }

    internal void Closed() => _closed.TrySetResult();
}
