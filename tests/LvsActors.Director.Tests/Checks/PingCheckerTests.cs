using System.Net;
using LvsActors.Director.Checks;
using LvsActors.Director.Tests.Checks.Servers;
using LvsActors.Model;

namespace LvsActors.Director.Tests.Checks;

public sealed class PingCheckerTests
{
    private static readonly PingCheckSpec Spec = new(CheckTiming.Default, ConnectOptions.Default);

    /// <summary>The socket the checker must pick here: a datagram socket when our group is in ping_group_range.</summary>
    private static string ExpectedSocketKind()
    {
        var range = File.ReadAllText("/proc/sys/net/ipv4/ping_group_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
        var group = long.Parse(File.ReadAllText("/proc/self/status").Split('\n').First(l => l.StartsWith("Gid:")).Split('\t')[1]);
        return group >= long.Parse(range[0]) && group <= long.Parse(range[1]) ? "datagram" : "raw";
    }

    [Fact]
    public async Task The_ipv4_loopback_answers()
    {
        var result = await Probe.RunAsync(Spec, new Endpoint(IPAddress.Loopback, 0));

        Assert.True(result.Up, result.Reason);
        Assert.StartsWith("echo reply from 127.0.0.1 in ", result.Reason);
        Assert.EndsWith($"({ExpectedSocketKind()} socket)", result.Reason);
    }

    [Fact]
    public async Task The_ipv6_loopback_answers()
    {
        // Fails (rather than skips) on a host with IPv6 disabled: the checker's IPv6 path is then untested.
        var result = await Probe.RunAsync(Spec, new Endpoint(IPAddress.IPv6Loopback, 0));

        Assert.True(result.Up, result.Reason);
        Assert.StartsWith("echo reply from ::1 in ", result.Reason);
    }

    [Fact]
    public async Task Every_probe_is_matched_to_its_own_sequence_number()
    {
        var checker = HealthCheckers.Create(Spec, new Endpoint(IPAddress.Loopback, 0));

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => checker.CheckAsync(Probe.Timeout, CancellationToken.None)));

        Assert.All(results, r => Assert.True(r.Up, r.Reason));
    }

    [Fact]
    public async Task Where_ping_group_range_allows_an_unprivileged_datagram_socket_is_used()
    {
        // In a namespace of its own the range can be opened to our group without changing the host's.
        const string RangeFile = "/proc/sys/net/ipv4/ping_group_range";
        var hostRange = File.ReadAllText(RangeFile);
        var checker = HealthCheckers.Create(Spec, new Endpoint(IPAddress.Loopback, 0));

        var result = await IsolatedNetwork.RunAsync(loopbackUp: true, "0 2147483647", () => checker.CheckAsync(Probe.Timeout, CancellationToken.None));

        Assert.True(result.Up, result.Reason);
        Assert.EndsWith("(datagram socket)", result.Reason);
        Assert.Equal(hostRange, File.ReadAllText(RangeFile));
    }

    [Fact]
    public async Task Without_a_route_to_the_address_it_is_down()
    {
        // A new network namespace has its loopback down: 127.0.0.1 is unreachable there, an honest failure that sends
        // nothing anywhere (on the host every address in 127/8 answers).
        var checker = HealthCheckers.Create(Spec, new Endpoint(IPAddress.Loopback, 0));

        var result = await IsolatedNetwork.RunAsync(loopbackUp: false, null, () => checker.CheckAsync(Probe.Timeout, CancellationToken.None));

        Assert.False(result.Up);
        Assert.Equal("ping 127.0.0.1: network unreachable", result.Reason);
    }

    [Fact]
    public async Task A_reply_that_cannot_arrive_in_time_is_down()
    {
        // With a zero timeout the probe gives up before any reply is awaited, and must say it timed out, not throw.
        var result = await Probe.RunAsync(Spec, new Endpoint(IPAddress.Loopback, 0), TimeSpan.Zero);

        Assert.False(result.Up);
        Assert.Equal("ping 127.0.0.1 timed out after 0ms", result.Reason);
    }

    [Fact]
    public async Task A_source_address_that_is_not_on_this_host_is_down()
    {
        // 2001:db8::1 (documentation prefix) is on no interface: bind fails locally, nothing is sent.
        var spec = Spec with { Connect = Probe.Connect(bindAddress: IPAddress.Parse("2001:db8::1")) };

        var result = await Probe.RunAsync(spec, new Endpoint(IPAddress.IPv6Loopback, 0));

        Assert.False(result.Up);
        Assert.Equal("ping ::1: the bind address is not on this host", result.Reason);
    }
}
