using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LvsActors.Cli.Demo;

/// <summary>
/// A tiny HTTP real server for the demo: answers every request with its name, tells the demo who it served, and can
/// be stopped (its port then refuses, as a crashed server's would) and started again on the same port.
/// </summary>
internal sealed class DemoRealServer : IAsyncDisposable
{
    private readonly Action<string, EndPoint?> _served;
    private Socket? _listener;
    private CancellationTokenSource _stop = new();
    private Task _accepting = Task.CompletedTask;

    public DemoRealServer(string name, Action<string, EndPoint?> served)
    {
        Name = name;
        _served = served;
        Port = Start(0);
    }

    public string Name { get; }

    public ushort Port { get; }

    public bool Running => _listener is not null;

    public void Stop()
    {
        _stop.Cancel();
        _listener?.Dispose();
        _listener = null;
    }

    public void Restart()
    {
        if (Running)
        {
            return;
        }
        _stop = new CancellationTokenSource();
        Start(Port);
    }

    public async ValueTask DisposeAsync()
    {
        Stop();
        await _accepting.ConfigureAwait(false);
    }

    private ushort Start(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
        socket.Listen(128);
        _listener = socket;
        _accepting = AcceptAsync(socket, _stop.Token);
        return (ushort)((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private async Task AcceptAsync(Socket listener, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var client = await listener.AcceptAsync(stop).ConfigureAwait(false);
                _ = ServeAsync(client, stop);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Stopped: the port refuses from now on.
        }
    }

    private async Task ServeAsync(Socket client, CancellationToken stop)
    {
        using (client)
        {
            try
            {
                var buffer = new byte[4096];
                var read = 0;
                // Read the request head; the demo answers any request the same way.
                while (read < buffer.Length && !Encoding.ASCII.GetString(buffer, 0, read).Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var n = await client.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, stop).ConfigureAwait(false);
                    if (n == 0)
                    {
                        return;
                    }
                    read += n;
                }
                var body = $"Hello from {Name}\n";
                var response = $"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}";
                await client.SendAsync(Encoding.ASCII.GetBytes(response), SocketFlags.None, stop).ConfigureAwait(false);
                _served(Name, client.RemoteEndPoint);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // The client went away or the server was stopped mid-request.
            }
        }
    }
}
