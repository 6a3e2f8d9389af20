using System.Net;
using System.Net.Sockets;
using LvsActors.Director.Tests.Checks.Servers;
using LvsActors.Model;

namespace LvsActors.Director.Tests.Checks;

public sealed class HttpsCheckerTests
{
    private static HttpCheckSpec TlsSpec(string? serverName, string? virtualHost = null) =>
        HttpCheckerSpecs.Spec(new UrlCheck("/health", new[] { StatusRange.Success }, null, null, false, null))
            with
        { Tls = true, ServerName = serverName, VirtualHost = virtualHost };

    [Fact]
    public async Task A_self_signed_server_is_up_and_sees_the_configured_server_name()
    {
        using var certificate = TestCertificate.Create("web.example.org");
        await using var server = HttpTestServer.Start(200, "ok", certificate);

        var result = await Probe.RunAsync(TlsSpec("web.example.org"), Probe.Loopback(server.Port));

        Assert.True(result.Up, result.Reason);
        Assert.Equal("web.example.org", Assert.Single(server.ServerNames));
    }

    [Fact]
    public async Task Without_a_server_name_the_virtual_host_is_sent_as_sni_and_with_neither_none_is()
    {
        using var certificate = TestCertificate.Create("web.example.org");
        await using var server = HttpTestServer.Start(200, "ok", certificate);
        var realServer = Probe.Loopback(server.Port);

        var byVirtualHost = await Probe.RunAsync(TlsSpec(null, "vhost.example.org"), realServer);
        var bare = await Probe.RunAsync(TlsSpec(null), realServer);

        Assert.True(byVirtualHost.Up, byVirtualHost.Reason);
        Assert.True(bare.Up, bare.Reason);
        Assert.Equal(["vhost.example.org", ""], server.ServerNames.ToArray());
    }

    [Fact]
    public async Task A_bad_status_over_tls_is_down()
    {
        using var certificate = TestCertificate.Create("web.example.org");
        await using var server = HttpTestServer.Start(500, "oops", certificate);

        var result = await Probe.RunAsync(TlsSpec("web.example.org"), Probe.Loopback(server.Port));

        Assert.False(result.Up);
        Assert.Equal($"HTTP 500 not in 200-299 for /health from 127.0.0.1:{server.Port}", result.Reason);
    }

    [Fact]
    public async Task Tls_to_a_plain_http_server_is_down_with_the_handshake_failure()
    {
        // A plain HTTP server answers a TLS hello with a 400 in clear text, as nginx does.
        using var plain = new TcpListener(IPAddress.Loopback, 0);
        plain.Start();
        var port = ((IPEndPoint)plain.LocalEndpoint).Port;
        var serving = Task.Run(async () =>
        {
            using var client = await plain.AcceptSocketAsync();
            await client.SendAsync(HttpTestServer.Response(400, "plain HTTP request sent to HTTPS port"u8.ToArray()));
            client.Shutdown(SocketShutdown.Both);
        });

        var result = await Probe.RunAsync(TlsSpec("web.example.org"), Probe.Loopback(port));
        await serving;

        Assert.False(result.Up);
        Assert.StartsWith($"TLS handshake with 127.0.0.1:{port} failed", result.Reason);
    }
}
