using System.Net;
using System.Net.Sockets;

namespace LvsActors.Director.Tests.Actors;

/// <summary>
/// A real TCP server on 127.0.0.1 that accepts and closes, and can stop accepting (the port then refuses) and come
/// back on the same port: a real server dying and healing, for the TCP checker to see.
/// </summary>
internal sealed class Listener : IDisposable
{
    private Socket? _socket;
    private CancellationTokenSource _stop = new();

    public Listener() => Port = Start(0);

    public ushort Port { get; }

    /// <summary>When each connection was accepted (Stopwatch ticks), for specs about when checks fire.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<long> Accepted { get; } = new();

    /// <summary>Stops accepting: new connections are refused.</summary>
    public void Kill()
    {
        _stop.Cancel();
        _socket?.Dispose();
        _socket = null;
    }

    /// <summary>Listens again on the same port.</summary>
    public void Heal()
    {
        _stop = new CancellationTokenSource();
        Start(Port);
    }

    public void Dispose() => Kill();

    private ushort Start(int port)
    {
        var socket = RealServerSocket.Listen(new IPEndPoint(IPAddress.Loopback, port));
        _socket = socket;
        _ = RealServerSocket.AcceptAsync(socket, client =>
        {
            Accepted.Enqueue(System.Diagnostics.Stopwatch.GetTimestamp());
            client.Dispose();
            return Task.CompletedTask;
        }, _stop.Token);
        return (ushort)((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
