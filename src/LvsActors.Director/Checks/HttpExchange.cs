using System.Buffers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;

namespace LvsActors.Director.Checks;

/// <summary>What one GET answered: its status, the MD5 of its body and the start of its body, as far as asked for.</summary>
/// <param name="Head">The status line and headers, or null when the connection closed before they ended.</param>
/// <param name="Md5">The MD5 of the body when a digest is checked.</param>
/// <param name="FirstLine">The first line received, for reasons.</param>
/// <param name="Body">The first <see cref="HttpExchange.MaxRegexBody"/> bytes of the body as Latin-1 text when a regex is checked.</param>
internal sealed record HttpAnswer(HttpResponseHead? Head, byte[]? Md5, string? Body, string FirstLine);

/// <summary>
/// One GET on its own connection (keepalived opens one connection per URL), over TCP or TLS, on raw sockets so
/// that connect and bind overrides apply exactly. The response is read until the server closes the connection or
/// the declared Content-Length has arrived.
/// </summary>
internal static class HttpExchange
{
    /// <summary>The status line and headers must fit in this; keepalived's whole buffer is 4 KiB.</summary>
    public const int MaxHead = 64 * 1024;

    /// <summary>
    /// A regex sees at most this much of the body, to bound memory. The digest is computed over the whole body as it
    /// streams, as keepalived does, so it has no such limit.
    /// </summary>
    public const int MaxRegexBody = 1024 * 1024;

    private const int ReadSize = 16 * 1024;

    /// <summary>
    /// The request keepalived sends (check_http.c request_template): User-Agent KeepAliveClient, Connection: close
    /// for HTTP/1.1, and a Host header of the virtual host, or else the destination address and port.
    /// </summary>
    public static byte[] Request(string path, string httpVersion, string host) =>
        Encoding.UTF8.GetBytes(
            $"GET {path} HTTP/{httpVersion}\r\nUser-Agent: KeepAliveClient\r\n{(httpVersion == "1.1" ? "Connection: close\r\n" : "")}Host: {host}\r\n\r\n");

    /// <summary>Sends <paramref name="request"/> and reads the answer; throws on socket, TLS or cancellation errors.</summary>
    /// <param name="serverName">For TLS: the SNI name, or null to send none. The certificate is never verified, as in keepalived.</param>
    public static async Task<HttpAnswer> GetAsync(
        CheckEndpoints endpoints, bool tls, string? serverName, byte[] request, bool wantDigest, bool wantBody,
        CancellationToken cancellationToken)
    {
        var socket = endpoints.OpenSocket(SocketType.Stream, ProtocolType.Tcp);
        Stream? stream = null;
        var buffer = ArrayPool<byte>.Shared.Rent(ReadSize);
        try
        {
            await socket.ConnectAsync(endpoints.Destination, cancellationToken).ConfigureAwait(false);
            stream = new NetworkStream(socket, ownsSocket: true);
            if (tls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                try
                {
                    await ssl.AuthenticateAsClientAsync(
                        new SslClientAuthenticationOptions
                        {
                            TargetHost = serverName ?? string.Empty,
                            RemoteCertificateValidationCallback = static (_, _, _, _) => true,
                        },
                        cancellationToken).ConfigureAwait(false);
                }
                catch (IOException e)
                {
                    // A server that closes or resets during the handshake is a TLS failure, and the reason should say so.
                    throw new AuthenticationException(e.Message, e);
                }
            }
            await stream.WriteAsync(request, cancellationToken).ConfigureAwait(false);
            return await ReadAnswerAsync(stream, buffer, wantDigest, wantBody, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (stream is null)
            {
                socket.Dispose();
            }
            else
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task<HttpAnswer> ReadAnswerAsync(Stream stream, byte[] buffer, bool wantDigest, bool wantBody, CancellationToken cancellationToken)
    {
        using var reader = new HttpAnswerReader(wantDigest, wantBody);
        while (true)
        {
            var read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read == 0 || reader.Add(buffer.AsSpan(0, read)))
            {
                break;
            }
        }
        return reader.HeadTooLarge ? throw new InvalidDataException(HttpAnswerReader.HeadTooLargeReason) : reader.Finish();
    }
}
