using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace LvsActors.Director.DataPlanes.Userspace;

/// <summary>
/// One UDP flow: a client address:port bound to a real server through a socket of its own, connected to the real
/// server, whose answers are relayed back from the VIP. It ends after <see cref="UserspaceOptions.UdpTimeout"/>
/// without a datagram either way, when the real server refuses (ICMP port unreachable, so that the client's next
/// datagram is scheduled afresh), or — with one-packet scheduling — after the reply window of its single datagram.
/// </summary>
internal sealed class UdpFlow : TrackedConnection
{
    // The largest UDP payload over IPv4; a smaller buffer would truncate datagrams.
    private const int MaxDatagram = 65_507;
    private readonly Socket _socket;
    private readonly Socket _vip;
    private readonly SocketAddress _client;
    private readonly ProxiedService _service;
    private readonly ProxyRuntime _runtime;
    private readonly long _started = Environment.TickCount64;
    private readonly Binding _binding;
    private volatile bool _closed;

    public UdpFlow(Socket vip, SocketAddress client, ClientEndpoint key, ProxiedService service, ProxyRuntime runtime, Binding binding, bool onePacket)
    {
        _vip = vip;
        // The receive loop reuses its SocketAddress for the next datagram; the flow keeps its own copy.
        _client = new SocketAddress(client.Family, client.Size);
        client.Buffer.CopyTo(_client.Buffer);
        Key = key;
        _service = service;
        _runtime = runtime;
        OnePacket = onePacket;
        _binding = binding;
        // The real server's family, not the VIP's: an IPv6 VIP may front IPv4 real servers.
        _socket = new Socket(binding.Server!.EndPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
    }

    public ClientEndpoint Key { get; }

    public bool OnePacket { get; }

    /// <summary>Set once the flow has ended; the listener then opens a new flow for the client.</summary>
    public bool Closed => _closed;

    /// <summary>Raised once, after the flow is unlisted and its counters released.</summary>
    public Action<UdpFlow>? Ended { get; init; }

    /// <summary>Connects the flow's socket to its real server and starts relaying the answers.</summary>
    public void Start()
    {
        _socket.Connect(_binding.Server!.EndPoint);
        _ = RelayAnswersAsync();
    }

    /// <summary>Sends one datagram of the client to the real server.</summary>
    public async ValueTask ForwardAsync(ReadOnlyMemory<byte> datagram)
    {
        LastActivity = Environment.TickCount64;
        try
        {
            await _socket.SendAsync(datagram, SocketFlags.None, CancellationToken.None);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // UDP may lose a datagram; a refused or closed flow ends through its relay loop.
            Abort();
        }
    }

    public override bool IsExpired(long now) => OnePacket
        ? now - _started > _runtime.OnePacketReplyWindowMilliseconds
        : now - LastActivity > _runtime.UdpTimeoutMilliseconds;

    public override void Expire() => Abort();

    public override void Abort() => _socket.Dispose();

    private async Task RelayAnswersAsync()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxDatagram);
        try
        {
            while (true)
            {
                var received = await _socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, CancellationToken.None);
                LastActivity = Environment.TickCount64;
                await _vip.SendToAsync(buffer.AsMemory(0, received), SocketFlags.None, _client, CancellationToken.None);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            if (e is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
                _runtime.Log.Debug("{VirtualService}: real server {RealServer} refused a datagram", _service.Key, _binding.Server!.Endpoint);
        }
        catch (Exception e)
        {
            _runtime.Log.Warning(e, "{VirtualService}: UDP flow to {RealServer} failed", _service.Key, _binding.Server!.Endpoint);
        }
        finally
        {
            _closed = true;
            _socket.Dispose();
            ArrayPool<byte>.Shared.Return(buffer);
            _runtime.Udp.Remove(this);
            _service.Release(_binding, ConnectionEnd.FlowExpired);
            Ended?.Invoke(this);
        }
    }
}
