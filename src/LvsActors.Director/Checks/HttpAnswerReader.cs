using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace LvsActors.Director.Checks;

/// <summary>
/// Reads one HTTP answer as its bytes arrive, keeping only what the check asks for: the head, the MD5 of the body
/// when a digest is checked, the start of the body when a regex is. The answer is complete when the declared
/// Content-Length has arrived; without one, when the server closes. One reader serves probe after probe
/// (<see cref="Reset"/>), so the probe engine's loops allocate nothing per read.
/// </summary>
internal sealed class HttpAnswerReader : IDisposable
{
    private const int InitialSize = 4 * 1024;

    private readonly ArrayBufferWriter<byte> _head = new(InitialSize);
    private readonly IncrementalHash? _md5;
    private readonly ArrayBufferWriter<byte>? _body;
    private HttpResponseHead? _parsed;
    private long _bodyBytes;

    /// <summary>A reader for a check with a digest (<paramref name="wantDigest"/>) and/or a regex (<paramref name="wantBody"/>).</summary>
    public HttpAnswerReader(bool wantDigest, bool wantBody)
    {
        _md5 = wantDigest ? IncrementalHash.CreateHash(HashAlgorithmName.MD5) : null;
        _body = wantBody ? new ArrayBufferWriter<byte>(InitialSize) : null;
    }

    /// <summary>The status line and headers grew past <see cref="HttpExchange.MaxHead"/>: the answer is refused, not read further.</summary>
    public bool HeadTooLarge { get; private set; }

    /// <summary>The reason for <see cref="HeadTooLarge"/>.</summary>
    public static string HeadTooLargeReason => $"the response headers exceed {HttpExchange.MaxHead / 1024} KiB";

    /// <summary>Takes <paramref name="chunk"/>, the next bytes received; true when the answer is complete (or refused) and reading stops.</summary>
    public bool Add(ReadOnlySpan<byte> chunk)
    {
        if (_parsed is null)
        {
            _head.Write(chunk);
            _parsed = HttpResponseHead.TryParse(_head.WrittenSpan);
            if (_parsed is null)
            {
                HeadTooLarge = _head.WrittenCount > HttpExchange.MaxHead;
                return HeadTooLarge;
            }
            chunk = _head.WrittenSpan[_parsed.Length..];
        }
        // keepalived hashes the raw bytes after the head, cut at Content-Length, without decoding chunked transfer
        // encoding; genhash prints the same digest, so configured digests keep matching.
        if (_parsed.ContentLength is { } declared && _bodyBytes + chunk.Length > declared)
        {
            chunk = chunk[..(int)(declared - _bodyBytes)];
        }
        _bodyBytes += chunk.Length;
        _md5?.AppendData(chunk);
        if (_body is not null && _body.WrittenCount < HttpExchange.MaxRegexBody)
        {
            _body.Write(chunk[..Math.Min(chunk.Length, HttpExchange.MaxRegexBody - _body.WrittenCount)]);
        }
        return _parsed.ContentLength is { } length && _bodyBytes >= length;
    }

    /// <summary>What arrived, as the check judges it. The first line is kept only where a reason shows it (no head, no status).</summary>
    public HttpAnswer Finish() => new(
        _parsed,
        _parsed is null ? null : _md5?.GetHashAndReset(),
        _body is null ? null : Encoding.Latin1.GetString(_body.WrittenSpan),
        _parsed is { Status: > 0 } ? string.Empty : HttpResponseHead.FirstLine(_head.WrittenSpan));

    /// <summary>Forgets the last answer, finished or not, for the next one.</summary>
    public void Reset()
    {
        _head.ResetWrittenCount();
        _body?.ResetWrittenCount();
        _parsed = null;
        _bodyBytes = 0;
        HeadTooLarge = false;
        if (_md5 is not null)
        {
            Span<byte> discarded = stackalloc byte[16];
            _md5.GetHashAndReset(discarded);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _md5?.Dispose();
}
