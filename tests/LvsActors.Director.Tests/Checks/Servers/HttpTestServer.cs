using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace LvsActors.Director.Tests.Checks.Servers;

/// <summary>
/// A minimal HTTP (or HTTPS) server on 127.0.0.1 and a free port: it reads one request per connection, answers with
/// the bytes the test chose, and closes. It records each request, each client's address and, for TLS, the SNI name.
/// </summary>
internal sealed class HttpTestServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly Func<string, byte[]> _respond;
    private readonly X509Certificate2? _certificate;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    private HttpTestServer(Func<string, byte[]> respond, X509Certificate2? certificate)
    {
        _respond = respond;
        _certificate = certificate;
        _listener = RealServerSocket.Listen(new IPEndPoint(IPAddress.Loopback, 0));
        _accepting = RealServerSocket.AcceptAsync(_listener, ServeAsync, _stop.Token);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;
    public ConcurrentQueue<string> Requests { get; } = new();
    public ConcurrentQueue<IPEndPoint> Clients { get; } = new();
    public ConcurrentQueue<string> ServerNames { get; } = new();

    /// <summary>Answers every request with <paramref name="respond"/>(request text); HTTPS when a certificate is given.</summary>
    public static HttpTestServer Start(Func<string, byte[]> respond, X509Certificate2? certificate = null) => new(respond, certificate);

    /// <summary>Answers every request with this status and body, with a Content-Length header.</summary>
    public static HttpTestServer Start(int status, string body, X509Certificate2? certificate = null) =>
        new(_ => Response(status, Encoding.UTF8.GetBytes(body)), certificate);

    /// <summary>A complete response: status line, Content-Length (unless omitted), blank line, body.</summary>
    public static byte[] Response(int status, byte[] body, bool contentLength = true)
    {
        var head = $"HTTP/1.1 {status} Test\r\nServer: test\r\n{(contentLength ? $"Content-Length: {body.Length}\r\n" : "")}\r\n";
        return [.. Encoding.ASCII.GetBytes(head), .. body];
    }

    private async Task ServeAsync(Socket client)
    {
        Clients.Enqueue((IPEndPoint)client.RemoteEndPoint!);
        Stream stream = new NetworkStream(client, ownsSocket: true);
        try
        {
            if (_certificate is not null)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, _stop.Token);
                ServerNames.Enqueue(ssl.TargetHostName);
            }
            var request = await ReadRequestAsync(stream);
            Requests.Enqueue(request);
            await stream.WriteAsync(_respond(request), _stop.Token);
            await stream.FlushAsync(_stop.Token);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or System.Security.Authentication.AuthenticationException)
        {
            // A client that gives up (a timeout test) is not the server's failure.
        }
        finally
        {
            await stream.DisposeAsync();
        }
    }

    private async Task<string> ReadRequestAsync(Stream stream)
    {
        var received = new MemoryStream();
        var buffer = new byte[4096];
        while (received.Length < 64 * 1024)
        {
            var read = await stream.ReadAsync(buffer, _stop.Token);
            if (read == 0)
            {
                break;
            }
            received.Write(buffer, 0, read);
            if (Encoding.ASCII.GetString(received.ToArray()).Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                break;
            }
        }
        return Encoding.ASCII.GetString(received.ToArray());
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accepting;
        _stop.Dispose();
    }
}
