using LvsActors.Director.Tests.Checks.Servers;
using LvsActors.Model;

namespace LvsActors.Director.Tests.Checks;

public sealed class UdpCheckerTests
{
    private static readonly byte[] Payload = [0xde, 0xad, 0xbe, 0xef];

    private static UdpCheckSpec Spec(bool requireReply, int min = 0, int max = 65507) =>
        new(CheckTiming.Default, ConnectOptions.Default, Payload, requireReply, min, max);

    [Fact]
    public async Task An_echoing_server_is_up_and_receives_the_payload()
    {
        await using var server = new UdpTestServer(echo: true);

        var result = await Probe.RunAsync(Spec(requireReply: false), Probe.Loopback(server.Port));

        Assert.True(result.Up, result.Reason);
        Assert.Equal(Payload, Assert.Single(server.Received));
    }

    [Fact]
    public async Task Without_require_reply_silence_is_up()
    {
        await using var server = new UdpTestServer(echo: false);

        var result = await Probe.RunAsync(Spec(requireReply: false), Probe.Loopback(server.Port), TimeSpan.FromMilliseconds(200));

        Assert.True(result.Up, result.Reason);
        Assert.Equal($"UDP 127.0.0.1:{server.Port}: no ICMP error within 200ms", result.Reason);
    }

    [Fact]
    public async Task A_closed_port_is_down_by_the_icmp_port_unreachable()
    {
        var port = Probe.ClosedPort();

        var result = await Probe.RunAsync(Spec(requireReply: false), Probe.Loopback(port), TimeSpan.FromSeconds(2));

        Assert.False(result.Up);
        Assert.Equal($"UDP 127.0.0.1:{port}: port unreachable", result.Reason);
    }

    [Fact]
    public async Task With_require_reply_a_reply_within_the_bounds_is_up()
    {
        await using var server = new UdpTestServer(echo: true);

        var result = await Probe.RunAsync(Spec(requireReply: true, min: 1, max: 4), Probe.Loopback(server.Port));

        Assert.True(result.Up, result.Reason);
        Assert.Equal($"UDP 127.0.0.1:{server.Port} replied with 4 bytes", result.Reason);
    }

    [Fact]
    public async Task With_require_reply_a_reply_outside_the_bounds_is_down()
    {
        await using var server = new UdpTestServer(echo: true);
        var realServer = Probe.Loopback(server.Port);

        var tooShort = await Probe.RunAsync(Spec(requireReply: true, min: 5, max: 10), realServer);
        var tooLong = await Probe.RunAsync(Spec(requireReply: true, min: 0, max: 3), realServer);

        Assert.False(tooShort.Up);
        Assert.Equal($"UDP reply from 127.0.0.1:{server.Port} is 4 bytes, outside 5-10", tooShort.Reason);
        Assert.False(tooLong.Up);
        Assert.Equal($"UDP reply from 127.0.0.1:{server.Port} is more than 3 bytes, outside 0-3", tooLong.Reason);
    }

    [Fact]
    public async Task With_require_reply_silence_is_down()
    {
        await using var server = new UdpTestServer(echo: false);

        var result = await Probe.RunAsync(Spec(requireReply: true), Probe.Loopback(server.Port), TimeSpan.FromMilliseconds(200));

        Assert.False(result.Up);
        Assert.Equal($"UDP reply from 127.0.0.1:{server.Port} timed out after 200ms", result.Reason);
    }
}
