using System.Net;
using LvsActors.Director.DataPlanes.Userspace;
using LvsActors.Model;
using LvsActors.Table;

namespace LvsActors.Userspace.Tests;

/// <summary>UDP flows: one per client address:port, relayed both ways, expiring when idle; one-packet scheduling.</summary>
public sealed class UdpSpecs : IAsyncLifetime
{
    private readonly StubUdpServer _a = new("a");
    private readonly StubUdpServer _b = new("b");
    private readonly StubUdpServer _c = new("c");
    private static readonly UserspaceOptions Options = Tables.FastOptions with
    {
        UdpTimeout = TimeSpan.FromSeconds(30),
        OnePacketReplyWindow = TimeSpan.FromSeconds(1),
    };

    private UserspaceDataPlane _plane = new(Options);

    [Fact]
    public async Task Each_client_flow_is_scheduled_once_and_round_robin_spreads_the_flows()
    {
        var (vip, service) = await ServeAsync(onePacket: false);
        var clients = Enumerable.Range(0, 6).Select(_ => new UdpClientSocket(vip)).ToList();

        var first = new List<string>();
        foreach (var client in clients)
            first.Add(Server(await client.AskAsync("hello")));
        foreach (var (client, server) in clients.Zip(first))
        {
            for (var i = 0; i < 3; i++)
                Assert.Equal($"{server}:again{i}", await client.AskAsync($"again{i}"));
        }

        Assert.Equal(["c", "b", "a", "c", "b", "a"], first);
        Assert.Equal(6, _plane.UdpFlowCount);
        // The kernel counts UDP entries as inactive connections.
        Assert.All(_plane.Counters(service.Key), c => Assert.Equal((0, 2), (c.ActiveConnections, c.InactiveConnections)));
        clients.ForEach(c => c.Dispose());
    }

    [Fact]
    public async Task An_idle_flow_expires_its_counters_go_and_the_client_is_scheduled_afresh()
    {
        await _plane.DisposeAsync();
        _plane = new UserspaceDataPlane(Options with { UdpTimeout = TimeSpan.FromMilliseconds(400) });
        var (vip, service) = await ServeAsync(onePacket: false);
        using var client = new UdpClientSocket(vip);
        Assert.Equal("c:1", await client.AskAsync("1"));

        Assert.True(await Poll.UntilAsync(() => _plane.UdpFlowCount == 0, 5));
        Assert.All(_plane.Counters(service.Key), c => Assert.Equal(0, c.InactiveConnections));

        Assert.Equal("b:2", await client.AskAsync("2"));
    }

    [Fact]
    public async Task One_packet_scheduling_schedules_every_datagram_and_keeps_no_flow()
    {
        var (vip, _) = await ServeAsync(onePacket: true);
        using var client = new UdpClientSocket(vip);

        var answers = new List<string?>();
        for (var i = 0; i < 6; i++)
            answers.Add(await client.AskAsync($"q{i}"));

        Assert.Equal(["c:q0", "b:q1", "a:q2", "c:q3", "b:q4", "a:q5"], answers);
        Assert.True(await Poll.UntilAsync(() => _plane.UdpFlowCount == 0));
    }

    [Fact]
    public async Task Removing_the_service_ends_its_flows_and_frees_the_port()
    {
        var (vip, service) = await ServeAsync(onePacket: false);
        using var client = new UdpClientSocket(vip);
        Assert.NotNull(await client.AskAsync("x"));
        Assert.Equal(1, _plane.UdpFlowCount);

        await _plane.ApplyAsync();

        Assert.Empty(_plane.Listening);
        Assert.True(await Poll.UntilAsync(() => _plane.UdpFlowCount == 0));
        using var rebound = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork,
            System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
        rebound.Bind(vip);
    }

    [Fact]
    public async Task A_flow_to_a_server_that_refuses_ends_and_the_next_datagram_goes_elsewhere()
    {
        var vip = Tables.Vip("127.0.0.5");
        var dead = Tables.Dead();
        await _plane.ApplyAsync(Tables.Service(Protocol.Udp, vip, "rr", Tables.Destination(_a.EndPoint), Tables.Destination(dead)));
        using var client = new UdpClientSocket(vip);

        // rr starts with the dead server (newest first); its ICMP port unreachable ends the flow.
        Assert.Null(await client.AskAsync("lost", 0.5));
        Assert.True(await Poll.UntilAsync(() => _plane.UdpFlowCount == 0));
        Assert.Equal("a:found", await client.AskAsync("found"));
    }

    private static string Server(string? answer) => answer?.Split(':')[0] ?? "none";

    private async Task<(IPEndPoint Vip, ServiceEntry Service)> ServeAsync(bool onePacket)
    {
        var vip = Tables.Vip("127.0.0.5");
        var service = Tables.Service(Protocol.Udp, vip, "rr",
            Tables.Destination(_a.EndPoint), Tables.Destination(_b.EndPoint), Tables.Destination(_c.EndPoint)) with
        { OnePacket = onePacket };
        await _plane.ApplyAsync(service);
        return (vip, service);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _plane.DisposeAsync();
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _c.DisposeAsync();
    }
}
