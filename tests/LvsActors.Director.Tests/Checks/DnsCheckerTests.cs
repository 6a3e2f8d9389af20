using System.Buffers.Binary;
using LvsActors.Director.Tests.Checks.Servers;
using LvsActors.Model;

namespace LvsActors.Director.Tests.Checks;

public sealed class DnsCheckerTests
{
    private static DnsCheckSpec Spec(DnsQueryType type = DnsQueryType.Soa, string name = ".") =>
        new(CheckTiming.Default, ConnectOptions.Default, type, name);

    [Fact]
    public async Task A_noerror_answer_with_the_query_id_is_up_and_the_query_is_well_formed()
    {
        await using var server = new DnsTestServer(rcode: 0, answers: 1);

        var result = await Probe.RunAsync(Spec(DnsQueryType.A, "www.example.org"), Probe.Loopback(server.Port));

        Assert.True(result.Up, result.Reason);
        Assert.Equal($"DNS A www.example.org answered NOERROR by 127.0.0.1:{server.Port} with 1 answer record(s)", result.Reason);
        var query = Assert.Single(server.Queries);
        // Header after the id: RD set, one question; then 3www7example3org0, type A (1), class IN (1).
        Assert.Equal(
            [0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 3, (byte)'w', (byte)'w', (byte)'w', 7, .. "example"u8.ToArray(), 3, .. "org"u8.ToArray(), 0, 0, 1, 0, 1],
            query[2..]);
    }

    [Fact]
    public async Task The_query_id_is_random_per_probe()
    {
        await using var server = new DnsTestServer(rcode: 0, answers: 1);
        var checker = LvsActors.Director.Checks.HealthCheckers.Create(Spec(), Probe.Loopback(server.Port));

        for (var i = 0; i < 8; i++)
        {
            Assert.True((await checker.CheckAsync(Probe.Timeout, CancellationToken.None)).Up);
        }

        // Eight equal 16-bit random ids would happen once in 2^112 runs.
        Assert.True(server.Queries.Select(q => BinaryPrimitives.ReadUInt16BigEndian(q)).Distinct().Count() > 1);
    }

    [Fact]
    public async Task A_reply_with_another_id_is_ignored()
    {
        await using var server = new DnsTestServer(rcode: 0, answers: 1, decoyFirst: true);

        var result = await Probe.RunAsync(Spec(), Probe.Loopback(server.Port));

        Assert.True(result.Up, result.Reason);
    }

    [Fact]
    public async Task Noerror_without_answers_is_down_because_an_answer_is_required()
    {
        await using var server = new DnsTestServer(rcode: 0, answers: 0);

        var result = await Probe.RunAsync(Spec(DnsQueryType.Aaaa, "v4only.example.org"), Probe.Loopback(server.Port));

        Assert.False(result.Up);
        Assert.EndsWith("with no answer record", result.Reason);
    }

    [Fact]
    public async Task Nxdomain_is_down()
    {
        await using var server = new DnsTestServer(rcode: 3, answers: 0);

        var result = await Probe.RunAsync(Spec(DnsQueryType.A, "missing.example.org"), Probe.Loopback(server.Port));

        Assert.False(result.Up);
        Assert.Equal($"DNS A missing.example.org answered NXDOMAIN by 127.0.0.1:{server.Port}", result.Reason);
    }

    [Fact]
    public async Task A_port_without_a_dns_server_is_down()
    {
        var port = Probe.ClosedPort();

        var result = await Probe.RunAsync(Spec(), Probe.Loopback(port), TimeSpan.FromSeconds(2));

        Assert.False(result.Up);
        Assert.Equal($"DNS SOA . to 127.0.0.1:{port} refused", result.Reason);
    }
}
