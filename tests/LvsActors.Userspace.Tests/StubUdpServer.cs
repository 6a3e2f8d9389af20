using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LvsActors.Userspace.Tests;

/// <summary>A UDP real server that answers each datagram with "name:payload" and remembers the sources it saw.</summary>
internal sealed class StubUdpServer : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly Task _loop;
    private readonly HashSet<EndPoint> _sources = [];
    private int _datagrams;

    public StubUdpServer(string name)
    {
        Name = name;
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        EndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _loop = AnswerAsync();
    }

    public string Name { get; }

    public IPEndPoint EndPoint { get; }

    public int Datagrams => Volatile.Read(ref _datagrams);

    /// <summary>Distinct source endpoints (the proxy's flow sockets) that sent to us.</summary>
    public int Sources
    {
        get
        {
            lock (_sources)
            {
                return _sources.Count;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        await _loop;
    }

    private async Task AnswerAsync()
    {
        var buffer = new byte[65_536];
        while (true)
        {
            try
            {
                var result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0));
                Interlocked.Increment(ref _datagrams);
                lock (_sources)
                {
                    _sources.Add(result.RemoteEndPoint);
                }
                var answer = Encoding.ASCII.GetBytes(Name + ":" + Encoding.ASCII.GetString(buffer, 0, result.ReceivedBytes));
                await _socket.SendToAsync(answer, SocketFlags.None, result.RemoteEndPoint);
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException { SocketErrorCode: SocketError.OperationAborted })
            {
                return;
            }
        }
    }
}

/// <summary>A UDP client with its own source port.</summary>
internal sealed class UdpClientSocket : IDisposable
{
    private readonly Socket _socket;

    public UdpClientSocket(IPEndPoint vip, string? from = null)
    {
        _socket = new Socket(vip.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(from is null ? (vip.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback) : IPAddress.Parse(from), 0));
        _socket.Connect(vip);
    }

    /// <summary>Sends <paramref name="payload"/> and returns the answer, or null when none came within the timeout.</summary>
    public async Task<string?> AskAsync(string payload, double seconds = 5)
    {
        await _socket.SendAsync(Encoding.ASCII.GetBytes(payload), SocketFlags.None);
        var buffer = new byte[65_536];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        try
        {
            var n = await _socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            return Encoding.ASCII.GetString(buffer, 0, n);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public void Dispose() => _socket.Dispose();
}
