using System.Net.Sockets;
using LvsActors.Linux.Relay;

namespace LvsActors.Director.DataPlanes.Userspace;

/// <summary>The socket a virtual service listens on; closing it stops new clients and leaves open connections alone.</summary>
internal interface IServiceListener
{
    /// <summary>Stops accepting (TCP) or receiving (UDP) and waits for the loop to end.</summary>
    Task CloseAsync();
}

/// <summary>
/// A virtual service's VIP:port on the data plane's TCP relay engine, with a bounded backlog: each client it accepts
/// becomes a <see cref="TcpConnection"/>. Like the kernel, removing the service stops new connections while those
/// already relayed run to their end.
/// </summary>
internal sealed class TcpServiceListener : IServiceListener, ITcpRelayAcceptor
{
    private readonly ProxiedService _service;
    private readonly ProxyRuntime _runtime;
    private RelayListener? _listener;

    private TcpServiceListener(ProxiedService service, ProxyRuntime runtime)
    {
        _service = service;
        _runtime = runtime;
    }

    /// <summary>Binds and listens on the service's VIP:port.</summary>
    /// <exception cref="SocketException">The address is not local (unless BindNotYetLocal), or already in use.</exception>
    public static TcpServiceListener Open(ProxiedService service, ProxyRuntime runtime)
    {
        var listener = new TcpServiceListener(service, runtime);
        listener._listener = runtime.Relays.Listen(service.Vip, runtime.Options.AcceptBacklog, listener, runtime.Options.BindNotYetLocal);
        return listener;
    }

    public Task CloseAsync() => _listener!.CloseAsync();

    public ITcpRelaySession? Accepted(TcpRelay relay, ReadOnlySpan<byte> clientAddress)
    {
        var connection = new TcpConnection(relay, ClientEndpoint.FromSockaddr(clientAddress), _service, _runtime);
        if (_runtime.Tcp.TryAdd(connection))
            return connection;
        _runtime.Log.Warning("{VirtualService}: {Limit} connections open, resetting a new client", _service.Key, _runtime.Options.MaxConnections);
        return null;
    }

    public void AcceptFailed(SocketError error) =>
        // Out of file descriptors or buffers: the engine rests this listener briefly; the backlog holds clients.
        _runtime.Log.Warning("{VirtualService}: accept failed: {Reason}", _service.Key, error);
}
