using System.Net;
using System.Net.Sockets;
using System.Text;
using LvsActors.Model;

namespace LvsActors.Director.Checks;

/// <summary>
/// SMTP_CHECK: as keepalived's check_smtp.c, up when the greeting is 220, HELO is answered with 250, and QUIT is
/// answered at all. Unlike keepalived, multi-line replies (<c>220-…</c> continued by <c>220 …</c>, RFC 5321 §4.2)
/// are read to their last line instead of failing on the first.
/// </summary>
public sealed class SmtpChecker : IHealthChecker
{
    /// <summary>RFC 5321 §4.5.3.1.5: a reply line is at most 512 octets; keepalived's buffer is the same size.</summary>
    private const int MaxLine = 512;

    private readonly CheckEndpoints _endpoints;
    private readonly byte[] _helo;
    private static readonly byte[] Quit = "QUIT\r\n"u8.ToArray();

    /// <summary>Checks the SMTP server at <paramref name="endpoints"/>' destination.</summary>
    public SmtpChecker(SmtpCheckSpec spec, CheckEndpoints endpoints)
    {
        _endpoints = endpoints;
        _helo = Encoding.ASCII.GetBytes($"HELO {spec.HeloName ?? Dns.GetHostName()}\r\n");
    }

    /// <inheritdoc />
    public async Task<CheckResult> CheckAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = Deadline.Start(timeout, cancellationToken);
        var step = "connect to";
        try
        {
            using var socket = _endpoints.OpenSocket(SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(_endpoints.Destination, deadline.Token).ConfigureAwait(false);
            var replies = new ReplyReader(socket);
            step = "read the greeting of";
            var greeting = await replies.ReadAsync(deadline.Token).ConfigureAwait(false);
            if (greeting.Code != 220)
            {
                return CheckResult.Failure($"SMTP greeting of {_endpoints.Target} is not 220: \"{greeting.Text}\"");
            }
            step = "HELO to";
            await socket.SendAsync(_helo, SocketFlags.None, deadline.Token).ConfigureAwait(false);
            var helo = await replies.ReadAsync(deadline.Token).ConfigureAwait(false);
            if (helo.Code != 250)
            {
                return CheckResult.Failure($"SMTP HELO to {_endpoints.Target} answered \"{helo.Text}\", not 250");
            }
            step = "QUIT to";
            await socket.SendAsync(Quit, SocketFlags.None, deadline.Token).ConfigureAwait(false);
            await replies.ReadAsync(deadline.Token).ConfigureAwait(false);
            return CheckResult.Success($"SMTP {_endpoints.Target}: \"{greeting.Text}\"");
        }
        catch (Exception e)
        {
            return CheckFailures.From(e, $"SMTP {step}", _endpoints.Target, timeout, cancellationToken);
        }
    }

    /// <summary>One SMTP reply: the code of its last line (-1 when not three digits), and that line.</summary>
    private readonly record struct Reply(int Code, string Text);

    /// <summary>Reads CRLF-terminated reply lines from the socket, keeping what arrived beyond a line for the next.</summary>
    private sealed class ReplyReader(Socket socket)
    {
        private readonly byte[] _buffer = new byte[MaxLine * 2];
        private int _filled;

        public async Task<Reply> ReadAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                var line = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
                // "250-first line" continues; "250 last line" (or a bare code) ends the reply.
                var continues = line.Length > 3 && line[3] == '-';
                if (!continues)
                {
                    return new Reply(Code(line), line);
                }
            }
        }

        // keepalived's smtp_get_status: exactly three digits, then a space or the end of the line.
        private static int Code(string line) =>
            line.Length >= 3 && char.IsAsciiDigit(line[0]) && char.IsAsciiDigit(line[1]) && char.IsAsciiDigit(line[2])
            && (line.Length == 3 || line[3] == ' ')
                ? int.Parse(line.AsSpan(0, 3), provider: null)
                : -1;

        private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                var newline = Array.IndexOf(_buffer, (byte)'\n', 0, _filled);
                if (newline >= 0)
                {
                    var line = Encoding.ASCII.GetString(_buffer, 0, newline).TrimEnd('\r');
                    _filled -= newline + 1;
                    Array.Copy(_buffer, newline + 1, _buffer, 0, _filled);
                    return line;
                }
                if (_filled >= MaxLine)
                {
                    throw new InvalidDataException($"a reply line is longer than {MaxLine} bytes");
                }
                var read = await socket.ReceiveAsync(_buffer.AsMemory(_filled), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new EndOfStreamException();
                }
                _filled += read;
            }
        }
    }
}
