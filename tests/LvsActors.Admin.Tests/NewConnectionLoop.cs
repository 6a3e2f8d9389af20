using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LvsActors.Admin.Tests;

/// <summary>
/// One client per director that keeps opening new connections to that director's virtual service (an HTTP/1.0 GET
/// each, so every connection is new and scheduled afresh), whether the director runs or not, and tallies which real
/// server answered. Bounded: it stops after <c>maxConnections</c> attempts in all or <c>maxTime</c>.
/// </summary>
internal sealed class NewConnectionLoop : IAsyncDisposable
{
    private static readonly byte[] Request = Encoding.ASCII.GetBytes("GET / HTTP/1.0\r\nHost: web\r\n\r\n");
    private readonly CancellationTokenSource _stop;
    private readonly ConcurrentDictionary<(int Director, string Server), long> _answered = new();
    private readonly Task[] _clients;
    private readonly int _maxConnections;
    private long _attempts;

    /// <param name="ports">Each director's virtual-service port on 127.0.0.1, by director index.</param>
    public NewConnectionLoop(IReadOnlyList<int> ports, int maxConnections, TimeSpan maxTime)
    {
        _maxConnections = maxConnections;
        _stop = new CancellationTokenSource(maxTime);
        _clients = [.. ports.Select((port, director) => Task.Run(() => LoopAsync(director, new IPEndPoint(IPAddress.Loopback, port))))];
    }

    /// <summary>Connections director <paramref name="director"/> relayed that <paramref name="server"/> answered.</summary>
    public long Answered(int director, string server) => _answered.GetValueOrDefault((director, server));

    /// <summary>Connections director <paramref name="director"/> relayed that any real server answered.</summary>
    public long Answered(int director) => _answered.Where(kv => kv.Key.Director == director).Sum(kv => kv.Value);

    /// <summary>Who answered through whom, for failure messages: "d1→a 12, d1→b 30, …".</summary>
    public string Tally => string.Join(", ", _answered.OrderBy(kv => kv.Key).Select(kv => $"d{kv.Key.Director + 1}→{kv.Key.Server} {kv.Value}"));

    /// <summary>Connections attempted so far (refused ones, while a director is down, included).</summary>
    public long Attempts => Interlocked.Read(ref _attempts);

    private async Task LoopAsync(int director, IPEndPoint virtualService)
    {
        while (!_stop.IsCancellationRequested && Interlocked.Increment(ref _attempts) <= _maxConnections)
        {
            var server = await OneAsync(virtualService);
            if (server is not null)
            {
                _answered.AddOrUpdate((director, server), 1, (_, n) => n + 1);
            }
            // Refused (director down) or reset (no real server in its table yet): the next try comes a little later.
            await Task.Delay(server is null ? 50 : 20);
        }
    }

    // The real server's name from its answer, or null when the connection was refused, reset or timed out.
    private async Task<string?> OneAsync(IPEndPoint virtualService)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            await socket.ConnectAsync(virtualService, timeout.Token);
            await socket.SendAsync(Request, SocketFlags.None, timeout.Token);
            var answer = new MemoryStream();
            var buffer = new byte[1024];
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
            {
                answer.Write(buffer, 0, read);
            }
            var text = Encoding.ASCII.GetString(answer.ToArray());
            var body = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            return text.StartsWith("HTTP/1.0 200", StringComparison.Ordinal) && body >= 0 ? text[(body + 4)..] : null;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_clients);
        _stop.Dispose();
    }
}
