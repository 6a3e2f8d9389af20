using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace LvsActors.Director.DataPlanes.Userspace;

/// <summary>
/// One proxied TCP connection: schedules a real server with the client's real addressing, connects to it (trying
/// another server once when it refuses or times out), then relays both directions with pooled buffers. A FIN from
/// one side is passed on as a FIN and the other direction keeps flowing; a reset, an error or the idle timeout
/// resets both legs. Every path ends in <see cref="RunAsync"/>'s cleanup, which unlists the connection, updates the
/// counters and returns the buffers.
/// </summary>
internal sealed class TcpConnection(Socket client, ProxiedService service, ProxyRuntime runtime) : TrackedConnection
{
    private Socket? _server;
    private int _aborted;
    private int _finsReceived;
    private volatile bool _connecting = true;

    /// <summary>Runs the connection to its end; never throws, so nobody has to observe it.</summary>
    public async Task RunAsync()
    {
        var binding = default(Binding);
        var relayed = false;
        var graceful = false;
        byte[]? upstream = null;
        byte[]? downstream = null;
        EndPoint? remote = null;
        try
        {
            remote = client.RemoteEndPoint;
            client.NoDelay = true;
            var address = ClientEndpoint.FromEndPoint(remote);
            binding = service.Schedule(address, exclude: null);
            if (binding.IsNone)
            {
                runtime.Log.Debug("{VirtualService}: no real server available for {Client}", service.Key, remote);
                return;
            }
            if (!await ConnectAsync(binding.Server!))
            {
                var refused = binding.Server!;
                service.Release(binding, ConnectionEnd.Failed);
                // Released: should scheduling again throw, the cleanup below must not release it a second time.
                binding = default;
                binding = service.Schedule(address, exclude: refused);
                if (binding.IsNone || !await ConnectAsync(binding.Server!))
                    return;
            }
            relayed = true;
            upstream = ArrayPool<byte>.Shared.Rent(runtime.Options.TcpBufferSize);
            downstream = ArrayPool<byte>.Shared.Rent(runtime.Options.TcpBufferSize);
            var up = RelayAsync(client, _server!, upstream);
            var down = RelayAsync(_server!, client, downstream);
            graceful = await up & await down;
        }
        catch (Exception e)
        {
            runtime.Log.Debug(e, "{VirtualService}: connection from {Client} failed", service.Key, remote);
        }
        finally
        {
            if (graceful)
            {
                client.Dispose();
                _server?.Dispose();
            }
            else
            {
                Abort();
            }
            runtime.Tcp.Remove(this);
            if (!binding.IsNone)
                service.Release(binding, relayed ? ConnectionEnd.Closed : ConnectionEnd.Failed);
            if (upstream is not null)
                ArrayPool<byte>.Shared.Return(upstream);
            if (downstream is not null)
                ArrayPool<byte>.Shared.Return(downstream);
        }
    }

    public override bool IsExpired(long now) => _connecting
        ? now - LastActivity > runtime.TcpConnectTimeoutMilliseconds
        : now - LastActivity > runtime.TcpIdleTimeoutMilliseconds;

    public override void Expire()
    {
        if (_connecting)
        {
            // Closing the half-made socket fails the pending connect, which then tries another server.
            Volatile.Read(ref _server)?.Dispose();
            runtime.Log.Debug("{VirtualService}: connect to a real server timed out", service.Key);
        }
        else
        {
            Abort();
        }
    }

    /// <summary>Resets both legs (SO_LINGER 0 makes close send RST); the relays then end on their own.</summary>
    public override void Abort()
    {
        if (Interlocked.Exchange(ref _aborted, 1) != 0)
            return;
        Reset(client);
        Reset(Volatile.Read(ref _server));
    }

    private async ValueTask<bool> ConnectAsync(ProxiedRealServer server)
    {
        var socket = new Socket(server.EndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        LastActivity = Environment.TickCount64;
        _connecting = true;
        // A full fence pairs with Abort's exchange: either Abort sees this socket, or this sees Abort's flag.
        Interlocked.Exchange(ref _server, socket);
        if (Volatile.Read(ref _aborted) != 0)
        {
            socket.Dispose();
            return false;
        }
        try
        {
            await socket.ConnectAsync(server.EndPoint, CancellationToken.None);
            return true;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            runtime.Log.Debug("{VirtualService}: real server {RealServer} refused: {Reason}", service.Key, server.Endpoint, e.Message);
            socket.Dispose();
            Volatile.Write(ref _server, null);
            return false;
        }
        finally
        {
            LastActivity = Environment.TickCount64;
            _connecting = false;
        }
    }

    // One direction. The buffer is the caller's; the socket operations are ValueTask-based and reuse the socket's
    // cached event args, so a relayed read allocates nothing.
    private async Task<bool> RelayAsync(Socket from, Socket to, byte[] buffer)
    {
        try
        {
            while (true)
            {
                var received = await from.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, CancellationToken.None);
                if (received == 0)
                {
                    // Only the first FIN can be a disguised reset: once this socket sent its own FIN, a close after
                    // the peer's FIN is the orderly end (Linux moves it to TIME_WAIT and reports CLOSE).
                    if (Volatile.Read(ref _finsReceived) == 0 && WasReset(from))
                    {
                        Abort();
                        return false;
                    }
                    // The first FIN is passed on now; after the second both peers are done, and the close that
                    // follows sends the FIN without a shutdown call of its own.
                    if (Interlocked.Increment(ref _finsReceived) == 1)
                        to.Shutdown(SocketShutdown.Send);
                    return true;
                }
                LastActivity = Environment.TickCount64;
                await to.SendAsync(buffer.AsMemory(0, received), SocketFlags.None, CancellationToken.None);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException)
        {
            Abort();
            return false;
        }
    }

    // Linux reports a reset to one system call only: when the other direction's send took the report, this
    // direction's receive returns 0 as if the peer had sent a FIN, and passing that on would turn the client's abort
    // into an orderly close on the real server. The TCP state tells them apart: a FIN leaves the socket in CLOSE_WAIT
    // a reset in CLOSE.
    private static bool WasReset(Socket socket)
    {
        const int IpProtoTcp = 6, TcpInfo = 11, TcpClose = 7;
        Span<byte> info = stackalloc byte[8];
        try
        {
            return socket.GetRawSocketOption(IpProtoTcp, TcpInfo, info) > 0 && info[0] == TcpClose;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already aborted by the other direction.
            return true;
        }
    }

    private static void Reset(Socket? socket)
    {
        if (socket is null)
            return;
        try
        {
            socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already closed or never connected: there is nothing to reset.
        }
        socket.Dispose();
    }
}
