using LvsActors.Director.DataPlanes.Userspace;
using LvsActors.Model;

namespace LvsActors.Userspace.Tests;

/// <summary>An IPv6 VIP (::1) in front of IPv4 real servers: client addresses are read from IPv6 sockaddrs.</summary>
public sealed class IPv6Specs : IAsyncLifetime
{
    private readonly StubTcpServer _a = new("a");
    private readonly StubTcpServer _b = new("b");
    private readonly StubUdpServer _udpA = new("a");
    private readonly StubUdpServer _udpB = new("b");
    private readonly UserspaceDataPlane _plane = new(Tables.FastOptions);

    [Fact]
    public async Task A_persistent_IPv6_TCP_service_keeps_the_client_prefix_on_one_server()
    {
        var vip = Tables.Vip("::1");
        var service = Tables.Tcp(vip, "rr", Tables.Destination(_a.EndPoint), Tables.Destination(_b.EndPoint)) with
        {
            Persistence = new Persistence(60, Persistence.HostMask, 64),
        };
        await _plane.ApplyAsync(service);

        for (var i = 0; i < 4; i++)
            Assert.Equal("b", await Loopback.WhoServesAsync(vip));
        Assert.Equal(1, _plane.Counters(service.Key).Single(c => c.Endpoint == Tables.Endpoint(_b.EndPoint)).PersistentConnections);
    }

    [Fact]
    public async Task IPv6_UDP_flows_are_told_apart_by_client_port()
    {
        var vip = Tables.Vip("::1");
        await _plane.ApplyAsync(Tables.Service(Protocol.Udp, vip, "rr", Tables.Destination(_udpA.EndPoint), Tables.Destination(_udpB.EndPoint)));
        using var first = new UdpClientSocket(vip);
        using var second = new UdpClientSocket(vip);

        Assert.Equal("b:1", await first.AskAsync("1"));
        Assert.Equal("a:2", await second.AskAsync("2"));
        Assert.Equal("b:3", await first.AskAsync("3"));
        Assert.Equal(2, _plane.UdpFlowCount);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _plane.DisposeAsync();
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _udpA.DisposeAsync();
        await _udpB.DisposeAsync();
    }
}
