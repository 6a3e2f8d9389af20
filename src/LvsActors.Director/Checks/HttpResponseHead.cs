using System.Buffers.Text;
using System.Text;

namespace LvsActors.Director.Checks;

/// <summary>
/// The status line and headers of an HTTP response, as far as a health check needs them: the status code and the
/// Content-Length. Parsed from raw bytes, like keepalived's lib/html.c.
/// </summary>
/// <param name="Status">The status code, or 0 when the status line is not <c>HTTP/x.y NNN …</c>.</param>
/// <param name="ContentLength">The declared body length, or null when absent or not a number.</param>
/// <param name="Length">How many bytes the status line and headers take, including the blank line.</param>
internal sealed record HttpResponseHead(int Status, long? ContentLength, int Length)
{
    private static ReadOnlySpan<byte> EndOfHead => "\r\n\r\n"u8;

    /// <summary>
    /// Parses the head at the start of <paramref name="received"/>; null while the blank line that ends it has not
    /// arrived. As keepalived (extract_html), the head ends at the first CRLF CRLF.
    /// </summary>
    public static HttpResponseHead? TryParse(ReadOnlySpan<byte> received)
    {
        var end = received.IndexOf(EndOfHead);
        if (end < 0)
        {
            return null;
        }
        var head = received[..end];
        var firstLineEnd = head.IndexOf("\r\n"u8);
        var statusLine = firstLineEnd < 0 ? head : head[..firstLineEnd];
        var headers = firstLineEnd < 0 ? [] : head[(firstLineEnd + 2)..];
        return new HttpResponseHead(ParseStatus(statusLine), FindContentLength(headers), end + EndOfHead.Length);
    }

    // keepalived's extract_status_code: the three digits after the first space. Unlike keepalived, a status line
    // that ends right after the code ("HTTP/1.1 200") is accepted, since the reason phrase carries nothing.
    private static int ParseStatus(ReadOnlySpan<byte> statusLine)
    {
        if (!statusLine.StartsWith("HTTP/"u8))
        {
            return 0;
        }
        var space = statusLine.IndexOf((byte)' ');
        if (space < 0 || statusLine.Length < space + 4)
        {
            return 0;
        }
        var code = statusLine.Slice(space + 1, 3);
        if (statusLine.Length > space + 4 && statusLine[space + 4] != ' ')
        {
            return 0;
        }
        return Utf8Parser.TryParse(code, out int status, out var used) && used == 3 && status >= 100 ? status : 0;
    }

    // Header names are case-insensitive (RFC 9110); keepalived matches "Content-Length:" exactly, which misses the
    // lower-case names HTTP/2-era servers send.
    private static long? FindContentLength(ReadOnlySpan<byte> headers)
    {
        while (!headers.IsEmpty)
        {
            var lineEnd = headers.IndexOf("\r\n"u8);
            var line = lineEnd < 0 ? headers : headers[..lineEnd];
            headers = lineEnd < 0 ? [] : headers[(lineEnd + 2)..];
            var colon = line.IndexOf((byte)':');
            if (colon < 0 || !Ascii.EqualsIgnoreCase(line[..colon], "Content-Length"u8))
            {
                continue;
            }
            var value = line[(colon + 1)..].Trim((byte)' ').Trim((byte)'\t');
            return Utf8Parser.TryParse(value, out long length, out var used) && used == value.Length && length >= 0 ? length : null;
        }
        return null;
    }

    /// <summary>The first line of what was received (at most 80 bytes), for a reason that shows what came back.</summary>
    public static string FirstLine(ReadOnlySpan<byte> received)
    {
        var end = received.IndexOfAny((byte)'\r', (byte)'\n');
        var line = end < 0 ? received : received[..end];
        return Encoding.ASCII.GetString(line[..Math.Min(line.Length, 80)]);
    }
}
