using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LvsActors.TestSupport;

/// <summary>
/// A stub HTTP real server on 127.0.0.1 that counts the connections it accepts and answers each request with 200 and
/// its own name. Health checks go to a second port (<see cref="CheckPort"/>, a check's <c>connect-port</c>), so that
/// <see cref="Accepted"/> counts only the connections a director relayed.
/// </summary>
public sealed class CountingHttpServer : IDisposable
{
    private readonly Socket _service = RealServerSocket.Listen(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly Socket _check = RealServerSocket.Listen(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource _stop = new();
    private long _accepted;

    /// <summary>Starts both listeners; <paramref name="name"/> is the body of every answer.</summary>
    public CountingHttpServer(string name)
    {
        Name = name;
        _ = RealServerSocket.AcceptAsync(_service, ServeAsync, _stop.Token);
        _ = RealServerSocket.AcceptAsync(_check, c => { c.Dispose(); return Task.CompletedTask; }, _stop.Token);
    }

    public string Name { get; }

    /// <summary>The address a director's configuration lists: <c>127.0.0.1:PORT</c>.</summary>
    public string Address => $"127.0.0.1:{((IPEndPoint)_service.LocalEndPoint!).Port}";

    /// <summary>The port the health checks connect to; its connections are not counted.</summary>
    public int CheckPort => ((IPEndPoint)_check.LocalEndPoint!).Port;

    /// <summary>Connections accepted on the service port since the start.</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    private async Task ServeAsync(Socket client)
    {
        Interlocked.Increment(ref _accepted);
        using (client)
        {
            try
            {
                using var stream = new NetworkStream(client);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                timeout.CancelAfter(TimeSpan.FromSeconds(10));
                var buffer = new byte[4096];
                var request = new StringBuilder();
                while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await stream.ReadAsync(buffer, timeout.Token);
                    if (read == 0)
                    {
                        return; // a client that connected and left: counted, not answered
                    }
                    request.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }
                var answer = $"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {Name.Length}\r\nConnection: close\r\n\r\n{Name}";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(answer), timeout.Token);
                client.Shutdown(SocketShutdown.Send);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
            {
                // The relay or the client went away; the connection still counts as accepted.
            }
        }
    }

    public void Dispose()
    {
        // Cancelled, not disposed: connections still being served link their timeouts to it.
        _stop.Cancel();
        _service.Dispose();
        _check.Dispose();
    }
}
