using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using LvsActors.Director.Checks;
using LvsActors.Director.Tests.Checks.Servers;
using LvsActors.Model;

namespace LvsActors.Director.Tests.Checks;

/// <summary>
/// HTTP_GET against real servers on the loopback, the same cases for both ways a probe runs: <see cref="HttpCheckerTests"/>
/// through CheckAsync on .NET sockets, <see cref="HttpCheckerLoopTests"/> through the checker's loop on the probe engine.
/// </summary>
public abstract class HttpCheckerSpecs
{
    private const string Body = "<html>ok: all backends healthy</html>\n";

    protected static UrlCheck Url(string path = "/health", string? digest = null, string? regex = null, bool noMatch = false, string? virtualHost = null, params StatusRange[] codes) =>
        new(path, codes.Length == 0 ? [StatusRange.Success] : codes, digest, regex, noMatch, virtualHost);

    internal static HttpCheckSpec Spec(params UrlCheck[] urls) =>
        new(CheckTiming.Default, ConnectOptions.Default, false, urls, "1.0", null, null);

    private static string Md5Hex(byte[] bytes) => Convert.ToHexStringLower(MD5.HashData(bytes));

    /// <summary>One probe of <paramref name="spec"/> at <paramref name="realServer"/>, given up after <paramref name="timeout"/> (default <see cref="Probe.Timeout"/>).</summary>
    protected abstract Task<CheckResult> RunAsync(HealthCheckSpec spec, Endpoint realServer, TimeSpan? timeout = null);

    [Fact]
    public async Task A_2xx_answer_is_up_and_the_request_is_keepalived_s()
    {
        await using var server = HttpTestServer.Start(200, Body);

        var result = await RunAsync(Spec(Url()), Probe.Loopback(server.Port));

        Assert.True(result.Up, result.Reason);
        Assert.Equal("HTTP 200 for /health", result.Reason);
        var request = Assert.Single(server.Requests);
        Assert.Equal($"GET /health HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\nHost: 127.0.0.1:{server.Port}\r\n\r\n", request);
    }

    [Fact]
    public async Task A_status_outside_the_ranges_is_down_with_the_status_and_ranges()
    {
        await using var server = HttpTestServer.Start(503, "busy");

        var result = await RunAsync(Spec(Url()), Probe.Loopback(server.Port));

        Assert.False(result.Up);
        Assert.Equal($"HTTP 503 not in 200-299 for /health from 127.0.0.1:{server.Port}", result.Reason);
    }

    [Fact]
    public async Task A_status_in_any_configured_range_is_up()
    {
        await using var server = HttpTestServer.Start(302, "");

        var result = await RunAsync(Spec(Url(codes: [new StatusRange(200, 200), new StatusRange(300, 399)])), Probe.Loopback(server.Port));

        Assert.True(result.Up, result.Reason);
    }

    [Fact]
    public async Task The_digest_is_the_md5_of_the_body_bytes_only()
    {
        await using var server = HttpTestServer.Start(200, Body);

        var result = await RunAsync(Spec(Url(digest: Md5Hex(Encoding.UTF8.GetBytes(Body)))), Probe.Loopback(server.Port));

        Assert.True(result.Up, result.Reason);
    }

    [Fact]
    public async Task A_different_body_is_a_digest_mismatch_that_names_both_digests()
    {
        await using var server = HttpTestServer.Start(200, Body);
        var expected = Md5Hex(Encoding.UTF8.GetBytes("<html>yesterday's page</html>\n"));

        var result = await RunAsync(Spec(Url(path: "/", digest: expected)), Probe.Loopback(server.Port));

        Assert.False(result.Up);
        Assert.Equal($"digest mismatch for / from 127.0.0.1:{server.Port}: got {Md5Hex(Encoding.UTF8.GetBytes(Body))}, expected {expected}", result.Reason);
    }

    [Fact]
    public async Task Without_content_length_the_digest_covers_everything_until_the_server_closes()
    {
        // Chunked framing is not decoded, as in keepalived and genhash: the raw bytes after the headers are hashed.
        var raw = Encoding.ASCII.GetBytes("5\r\nhello\r\n0\r\n\r\n");
        await using var server = HttpTestServer.Start(_ => HttpTestServer.Response(200, raw, contentLength: false));

        var result = await RunAsync(Spec(Url(digest: Md5Hex(raw))), Probe.Loopback(server.Port));

        Assert.True(result.Up, result.Reason);
    }

    [Fact]
    public async Task The_digest_stops_at_content_length()
    {
        var body = Encoding.ASCII.GetBytes("exactly this");
        await using var server = HttpTestServer.Start(_ => [.. HttpTestServer.Response(200, body), .. "trailing garbage"u8.ToArray()]);

        var result = await RunAsync(Spec(Url(digest: Md5Hex(body))), Probe.Loopback(server.Port));

        Assert.True(result.Up, result.Reason);
    }

    [Fact]
    public async Task A_regex_must_match_the_body()
    {
        await using var server = HttpTestServer.Start(200, Body);
        var realServer = Probe.Loopback(server.Port);

        var matching = await RunAsync(Spec(Url(regex: "all backends? healthy")), realServer);
        var missing = await RunAsync(Spec(Url(regex: "degraded")), realServer);

        Assert.True(matching.Up, matching.Reason);
        Assert.False(missing.Up);
        Assert.Equal($"regex \"degraded\" did not match the body of /health from 127.0.0.1:{server.Port}", missing.Reason);
    }

    [Fact]
    public async Task Regex_no_match_inverts_the_regex()
    {
        await using var server = HttpTestServer.Start(200, Body);
        var realServer = Probe.Loopback(server.Port);

        var absent = await RunAsync(Spec(Url(regex: "error", noMatch: true)), realServer);
        var present = await RunAsync(Spec(Url(regex: "healthy", noMatch: true)), realServer);

        Assert.True(absent.Up, absent.Reason);
        Assert.False(present.Up);
        Assert.Contains("matched the body of /health", present.Reason);
    }

    [Fact]
    public async Task Http_1_1_asks_to_close_and_the_url_virtual_host_is_the_host_header()
    {
        await using var server = HttpTestServer.Start(200, Body);
        var spec = Spec(Url(virtualHost: "www.example.org")) with { HttpVersion = "1.1", VirtualHost = "ignored.example.org" };

        var result = await RunAsync(spec, Probe.Loopback(server.Port));

        Assert.True(result.Up, result.Reason);
        Assert.Equal("GET /health HTTP/1.1\r\nUser-Agent: KeepAliveClient\r\nConnection: close\r\nHost: www.example.org\r\n\r\n", Assert.Single(server.Requests));
    }

    [Fact]
    public async Task Every_url_must_pass_and_the_failing_one_is_named()
    {
        await using var server = HttpTestServer.Start(request => request.StartsWith("GET /ok ", StringComparison.Ordinal)
            ? HttpTestServer.Response(200, "fine"u8.ToArray())
            : HttpTestServer.Response(404, "no"u8.ToArray()));
        var realServer = Probe.Loopback(server.Port);

        var bothOk = await RunAsync(Spec(Url("/ok"), Url("/ok")), realServer);
        var secondMissing = await RunAsync(Spec(Url("/ok"), Url("/missing")), realServer);

        Assert.True(bothOk.Up, bothOk.Reason);
        Assert.Equal("HTTP 200 for /ok, HTTP 200 for /ok", bothOk.Reason);
        Assert.False(secondMissing.Up);
        Assert.Equal($"HTTP 404 not in 200-299 for /missing from 127.0.0.1:{server.Port}", secondMissing.Reason);
    }

    [Fact]
    public async Task A_closed_port_is_down_because_the_connection_is_refused()
    {
        var port = Probe.ClosedPort();

        var result = await RunAsync(Spec(Url()), Probe.Loopback(port));

        Assert.False(result.Up);
        Assert.Equal($"GET /health from 127.0.0.1:{port} refused", result.Reason);
    }

    [Fact]
    public async Task A_server_that_never_answers_times_out()
    {
        // The kernel completes the handshake from the backlog; nobody ever accepts, so no byte comes back.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;

        var result = await RunAsync(Spec(Url()), Probe.Loopback(port), TimeSpan.FromMilliseconds(300));

        Assert.False(result.Up);
        Assert.Equal($"GET /health from 127.0.0.1:{port} timed out after 300ms", result.Reason);
    }

    [Fact]
    public async Task A_server_that_closes_without_answering_is_down()
    {
        await using var server = HttpTestServer.Start(_ => []);

        var result = await RunAsync(Spec(Url()), Probe.Loopback(server.Port));

        Assert.False(result.Up);
        Assert.Equal($"no HTTP response for /health from 127.0.0.1:{server.Port}: the connection closed before any data", result.Reason);
    }

    [Fact]
    public async Task An_answer_that_is_not_http_is_down_and_shows_what_came_back()
    {
        await using var server = HttpTestServer.Start(_ => "SSH-2.0-OpenSSH_9.2\r\n\r\n"u8.ToArray());

        var result = await RunAsync(Spec(Url()), Probe.Loopback(server.Port));

        Assert.False(result.Up);
        Assert.Equal($"no HTTP status line for /health from 127.0.0.1:{server.Port}: got \"SSH-2.0-OpenSSH_9.2\"", result.Reason);
    }

    [Fact]
    public async Task The_connect_port_override_is_used_and_is_the_host_header_and_the_bind_address_the_source()
    {
        await using var server = HttpTestServer.Start(200, Body);
        var spec = Spec(Url()) with { Connect = Probe.Connect(port: server.Port, bindAddress: IPAddress.Parse("127.0.0.4")) };

        var result = await RunAsync(spec, Probe.Loopback(Probe.ClosedPort()));

        Assert.True(result.Up, result.Reason);
        Assert.Contains($"Host: 127.0.0.1:{server.Port}\r\n", Assert.Single(server.Requests));
        Assert.Equal(IPAddress.Parse("127.0.0.4"), Assert.Single(server.Clients).Address);
    }
}
