using System.Net;
using System.Net.Sockets;

namespace LvsActors.Director.DataPlanes.Userspace;

/// <summary>
/// Receives UDP datagrams on a VIP:port and relays each through its client's <see cref="UdpFlow"/>, scheduling a
/// real server when a client (address:port) has no live flow. With one-packet scheduling (ipvsadm -o) every
/// datagram is scheduled on its own and no flow is kept for the client.
/// </summary>
internal sealed class UdpServiceListener : IServiceListener
{
    // The largest UDP payload over IPv4.
    private const int MaxDatagram = 65_507;
    private readonly Socket _socket;
    private readonly ProxiedService _service;
    private readonly ProxyRuntime _runtime;
    private readonly Dictionary<ClientEndpoint, UdpFlow> _flows = [];
    private readonly Action<UdpFlow> _forget;
    private readonly Task _receiveLoop;

    private UdpServiceListener(Socket socket, ProxiedService service, ProxyRuntime runtime)
    {
        _socket = socket;
        _service = service;
        _runtime = runtime;
        _forget = Forget;
        _receiveLoop = ReceiveLoopAsync();
    }

    /// <summary>Binds the service's VIP:port.</summary>
    /// <exception cref="SocketException">The address is not local (unless BindNotYetLocal), or already in use.</exception>
    public static UdpServiceListener Open(ProxiedService service, ProxyRuntime runtime)
    {
        var socket = new Socket(service.Vip.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            // IP_FREEBIND / IPV6_FREEBIND (linux/in.h, in6.h; raw: .NET knows no such option name), when asked: a VIP not
            // held yet binds, as the TCP listeners do.
            if (runtime.Options.BindNotYetLocal)
            {
                socket.SetRawSocketOption(service.Vip.AddressFamily == AddressFamily.InterNetworkV6 ? 41 : 0,
                    service.Vip.AddressFamily == AddressFamily.InterNetworkV6 ? 78 : 15, BitConverter.GetBytes(1));
            }
            socket.Bind(service.Vip);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new UdpServiceListener(socket, service, runtime);
    }

    /// <summary>Stops receiving and ends every flow: without the VIP socket no answer can reach a client.</summary>
    public async Task CloseAsync()
    {
        _socket.Dispose();
        await _receiveLoop;
        UdpFlow[] flows;
        lock (_flows)
        {
            flows = [.. _flows.Values];
        }
        foreach (var flow in flows)
            flow.Abort();
    }

    private async Task ReceiveLoopAsync()
    {
        await Task.Yield();
        var buffer = new byte[MaxDatagram];
        var from = new SocketAddress(_service.Vip.AddressFamily);
        while (true)
        {
            int received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer.AsMemory(), SocketFlags.None, from, CancellationToken.None);
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
                _runtime.Log.Debug("{VirtualService}: receive failed: {Reason}", _service.Key, e.Message);
                continue;
            }
            var client = ClientEndpoint.FromSocketAddress(from);
            var flow = _service.OnePacket ? Open(client, from, onePacket: true) : FindOrOpen(client, from);
            if (flow is not null)
                await flow.ForwardAsync(buffer.AsMemory(0, received));
        }
    }

    private UdpFlow? FindOrOpen(in ClientEndpoint client, SocketAddress from)
    {
        lock (_flows)
        {
            if (_flows.TryGetValue(client, out var flow) && !flow.Closed)
                return flow;
        }
        var opened = Open(client, from, onePacket: false);
        if (opened is not null)
        {
            lock (_flows)
            {
                _flows[client] = opened;
            }
        }
        return opened;
    }

    private UdpFlow? Open(in ClientEndpoint client, SocketAddress from, bool onePacket)
    {
        var binding = _service.Schedule(client, exclude: null);
        if (binding.IsNone)
            return null;
        var flow = new UdpFlow(_socket, from, client, _service, _runtime, binding, onePacket) { Ended = onePacket ? null : _forget };
        if (!_runtime.Udp.TryAdd(flow))
        {
            _runtime.Log.Warning("{VirtualService}: {Limit} UDP flows open, dropping a datagram", _service.Key, _runtime.Options.MaxConnections);
            flow.Abort();
            _service.Release(binding, ConnectionEnd.FlowExpired);
            return null;
        }
        try
        {
            flow.Start();
        }
        catch (SocketException e)
        {
            _runtime.Log.Debug("{VirtualService}: cannot reach {RealServer}: {Reason}", _service.Key, binding.Server!.Endpoint, e.Message);
            flow.Abort();
            _runtime.Udp.Remove(flow);
            _service.Release(binding, ConnectionEnd.FlowExpired);
            return null;
        }
        return flow;
    }

    private void Forget(UdpFlow flow)
    {
        lock (_flows)
        {
            if (_flows.TryGetValue(flow.Key, out var current) && current == flow)
                _flows.Remove(flow.Key);
        }
    }
}
