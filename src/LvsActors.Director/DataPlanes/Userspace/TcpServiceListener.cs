using System.Net.Sockets;

namespace LvsActors.Director.DataPlanes.Userspace;

/// <summary>The socket a virtual service listens on; closing it stops new clients and leaves open connections alone.</summary>
internal interface IServiceListener
{
    /// <summary>Stops accepting (TCP) or receiving (UDP) and waits for the loop to end.</summary>
    Task CloseAsync();
}

/// <summary>
/// Accepts TCP clients on a VIP:port with a bounded backlog and hands each to a <see cref="TcpConnection"/>. Like the
/// kernel, removing the service stops new connections while those already relayed run to their end.
/// </summary>
internal sealed class TcpServiceListener : IServiceListener
{
    private readonly Socket _socket;
    private readonly ProxiedService _service;
    private readonly ProxyRuntime _runtime;
    private readonly Task _acceptLoop;

    private TcpServiceListener(Socket socket, ProxiedService service, ProxyRuntime runtime)
    {
        _socket = socket;
        _service = service;
        _runtime = runtime;
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>Binds and listens on the service's VIP:port.</summary>
    /// <exception cref="SocketException">The address is not local, or already in use.</exception>
    public static TcpServiceListener Open(ProxiedService service, ProxyRuntime runtime)
    {
        var socket = new Socket(service.Vip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // Lets a re-added service bind while connections of its previous listener linger in TIME_WAIT.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(service.Vip);
            socket.Listen(runtime.Options.AcceptBacklog);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new TcpServiceListener(socket, service, runtime);
    }

    public async Task CloseAsync()
    {
        _socket.Dispose();
        await _acceptLoop;
    }

    private async Task AcceptLoopAsync()
    {
        await Task.Yield();
        while (true)
        {
            Socket client;
            try
            {
                client = await _socket.AcceptAsync(CancellationToken.None);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.OperationAborted or SocketError.Interrupted)
            {
                return;
            }
            catch (SocketException e)
            {
                // Out of file descriptors or buffers: back off briefly instead of spinning; the backlog holds clients.
                _runtime.Log.Warning("{VirtualService}: accept failed: {Reason}", _service.Key, e.Message);
                await Task.Delay(50);
                continue;
            }
            var connection = new TcpConnection(client, _service, _runtime);
            if (!_runtime.Tcp.TryAdd(connection))
            {
                _runtime.Log.Warning("{VirtualService}: {Limit} connections open, resetting a new client", _service.Key, _runtime.Options.MaxConnections);
                connection.Abort();
                continue;
            }
            _ = connection.RunAsync();
        }
    }
}
