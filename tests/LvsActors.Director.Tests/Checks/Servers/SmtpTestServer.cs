using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LvsActors.Director.Tests.Checks.Servers;

/// <summary>
/// A scripted SMTP server on 127.0.0.1: it sends the greeting, answers the first command with the HELO reply and the
/// next with 221, recording every command line it receives.
/// </summary>
internal sealed class SmtpTestServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _greeting;
    private readonly string _heloReply;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;

    public SmtpTestServer(string greeting, string heloReply)
    {
        _greeting = greeting;
        _heloReply = heloReply;
        _listener.Start();
        _serving = ServeAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
    public ConcurrentQueue<string> Commands { get; } = new();

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                using var stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.ASCII);
                await stream.WriteAsync(Encoding.ASCII.GetBytes(_greeting), _stop.Token);
                if (await reader.ReadLineAsync(_stop.Token) is not { } helo)
                {
                    continue;
                }
                Commands.Enqueue(helo);
                await stream.WriteAsync(Encoding.ASCII.GetBytes(_heloReply), _stop.Token);
                if (await reader.ReadLineAsync(_stop.Token) is { } quit)
                {
                    Commands.Enqueue(quit);
                    await stream.WriteAsync("221 2.0.0 Bye\r\n"u8.ToArray(), _stop.Token);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
            {
                if (_stop.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _serving;
        _stop.Dispose();
    }
}
