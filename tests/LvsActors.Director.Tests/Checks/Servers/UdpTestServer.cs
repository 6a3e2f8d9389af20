using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace LvsActors.Director.Tests.Checks.Servers;

/// <summary>A UDP server on 127.0.0.1 that echoes every datagram back, or stays silent, recording what it got.</summary>
internal sealed class UdpTestServer : IAsyncDisposable
{
    private readonly UdpClient _udp = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly bool _echo;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;

    public UdpTestServer(bool echo)
    {
        _echo = echo;
        _serving = ServeAsync();
    }

    public int Port => ((IPEndPoint)_udp.Client.LocalEndPoint!).Port;
    public ConcurrentQueue<byte[]> Received { get; } = new();

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var received = await _udp.ReceiveAsync(_stop.Token);
                Received.Enqueue(received.Buffer);
                if (_echo)
                {
                    await _udp.SendAsync(received.Buffer, received.RemoteEndPoint);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _udp.Dispose();
        await _serving;
        _stop.Dispose();
    }
}
