using System.Net.Sockets;
using System.Text;

namespace LvsActors.Linux.Bird;

/// <summary>
/// A client of BIRD 2's control socket (what birdc speaks): one command at a time, each answered by lines of a
/// four-digit code and text, "-" after the code while more follow, a space on the last, a leading space on a line
/// that continues the code before it. The director uses it to have BIRD re-read the include it wrote (`configure`)
/// and to read the router sessions (`show protocols`) for the status page. A reply is read within the timeout or the
/// connection is given up; a garbled line ends the connection with what it was.
/// </summary>
public sealed class BirdControl : IDisposable
{
    // A reply longer than this is not one the director asked for (`show route` of a full table): refused, not buffered.
    private const int MaxReplyBytes = 1 << 20;

    private readonly Socket _socket;
    private readonly TimeSpan _timeout;
    private readonly byte[] _buffer = new byte[8192];
    private readonly StringBuilder _pending = new();

    private BirdControl(Socket socket, TimeSpan timeout) => (_socket, _timeout) = (socket, timeout);

    /// <summary>Connects to the socket at <paramref name="path"/> and reads BIRD's greeting ("0001 BIRD 2.0.12 ready.").</summary>
    public static async Task<BirdControl> ConnectAsync(string path, TimeSpan timeout, CancellationToken cancellation = default)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        var control = new BirdControl(socket, timeout);
        try
        {
            using var limit = control.Limit(cancellation);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), limit.Token).ConfigureAwait(false);
            var greeting = await control.ReadReplyAsync(limit.Token).ConfigureAwait(false);
            if (greeting.Code != 1)
            {
                throw new BirdException($"{path} greeted with \"{greeting.Message}\", not BIRD's 0001 ready");
            }
            return control;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellation.IsCancellationRequested)
        {
            control.Dispose();
            throw new BirdException(e is SocketException s ? $"cannot reach BIRD at {path}: {s.Message}" : $"BIRD at {path} did not answer within {timeout.TotalSeconds:0.#} s", e);
        }
        catch
        {
            control.Dispose();
            throw;
        }
    }

    /// <summary>Sends <paramref name="command"/> (one line) and reads its whole reply.</summary>
    public async Task<BirdReply> SendAsync(string command, CancellationToken cancellation = default)
    {
        if (command.Contains('\n', StringComparison.Ordinal))
        {
            throw new ArgumentException("a BIRD command is one line", nameof(command));
        }
        using var limit = Limit(cancellation);
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(command + "\n"), SocketFlags.None, limit.Token).ConfigureAwait(false);
            return await ReadReplyAsync(limit.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellation.IsCancellationRequested)
        {
            throw new BirdException(e is SocketException s ? $"BIRD's control socket broke off during \"{command}\": {s.Message}"
                : $"BIRD did not finish answering \"{command}\" within {_timeout.TotalSeconds:0.#} s", e);
        }
    }

    /// <summary>`configure`: BIRD re-reads its configuration (the director's include with it); a refusal says why.</summary>
    public async Task ConfigureAsync(CancellationToken cancellation = default)
    {
        var reply = await SendAsync("configure", cancellation).ConfigureAwait(false);
        if (reply.IsError || reply.Code is not (3 or 4 or 19 or 20))
        {
            throw new BirdException($"BIRD refused its configuration: {reply.Message}");
        }
    }

    /// <summary>`show protocols`: every protocol with its state.</summary>
    public async Task<IReadOnlyList<BirdProtocol>> ProtocolsAsync(CancellationToken cancellation = default)
    {
        var reply = await SendAsync("show protocols", cancellation).ConfigureAwait(false);
        return reply.IsError ? throw new BirdException($"BIRD refused \"show protocols\": {reply.Message}") : BirdProtocol.ParseTable(reply);
    }

    public void Dispose() => _socket.Dispose();

    private CancellationTokenSource Limit(CancellationToken cancellation)
    {
        var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        limit.CancelAfter(_timeout);
        return limit;
    }

    private async Task<BirdReply> ReadReplyAsync(CancellationToken cancellation)
    {
        var lines = new List<BirdLine>();
        var code = 0;
        var read = 0;
        while (true)
        {
            var newline = IndexOfNewline();
            if (newline < 0)
            {
                var n = await _socket.ReceiveAsync(_buffer, SocketFlags.None, cancellation).ConfigureAwait(false);
                if (n == 0)
                {
                    throw new BirdException("BIRD closed its control socket in the middle of a reply");
                }
                read += n;
                if (read > MaxReplyBytes)
                {
                    throw new BirdException($"BIRD's reply exceeded {MaxReplyBytes} bytes");
                }
                _pending.Append(Encoding.UTF8.GetString(_buffer, 0, n));
                continue;
            }
            var line = _pending.ToString(0, newline);
            _pending.Remove(0, newline + 1);
            if (line.StartsWith(' '))
            {
                // A continuation of the code before it (long tables).
                if (code == 0)
                {
                    throw new BirdException($"BIRD's reply began with a continuation line: \"{line}\"");
                }
                lines.Add(new BirdLine(code, line[1..]));
                continue;
            }
            if (line.Length < 5 || !IsCode(line) || line[4] is not ('-' or ' '))
            {
                throw new BirdException($"not a BIRD reply line: \"{(line.Length > 80 ? line[..80] + "…" : line)}\"");
            }
            code = int.Parse(line.AsSpan(0, 4), provider: System.Globalization.CultureInfo.InvariantCulture);
            lines.Add(new BirdLine(code, line[5..]));
            if (line[4] == ' ')
            {
                return new BirdReply(lines);
            }
        }
    }

    private int IndexOfNewline()
    {
        for (var i = 0; i < _pending.Length; i++)
        {
            if (_pending[i] == '\n')
            {
                return i;
            }
        }
        return -1;
    }

    private static bool IsCode(string line) => char.IsAsciiDigit(line[0]) && char.IsAsciiDigit(line[1]) && char.IsAsciiDigit(line[2]) && char.IsAsciiDigit(line[3]);
}
