using System.Net;
using LvsActors.Director.DataPlanes.Userspace;
using LvsActors.Model;
using LvsActors.Table;

namespace LvsActors.Userspace.Tests;

/// <summary>Persistence templates per client network, as ip_vs_sched_persist keeps them.</summary>
public sealed class PersistenceSpecs : IAsyncLifetime
{
    private readonly StubTcpServer _a = new("a");
    private readonly StubTcpServer _b = new("b");
    private readonly StubTcpServer _c = new("c");
    private readonly UserspaceDataPlane _plane = new(Tables.FastOptions);

    [Fact]
    public async Task Clients_of_one_network_stick_to_one_server_and_another_network_is_scheduled_on_its_own()
    {
        var (vip, service) = await ServeAsync(timeout: 60, netmask: "255.255.255.0");

        var network1 = new List<string>();
        foreach (var from in new[] { "127.0.0.10", "127.0.0.11", "127.0.0.10", "127.0.0.200" })
            network1.Add(await Loopback.WhoServesAsync(vip, from));
        var network2 = new List<string>();
        foreach (var from in new[] { "127.0.1.10", "127.0.1.99" })
            network2.Add(await Loopback.WhoServesAsync(vip, from));

        Assert.Equal(["c", "c", "c", "c"], network1);
        // rr moved on once for the second network's template.
        Assert.Equal(["b", "b"], network2);
        var templates = _plane.Counters(service.Key).ToDictionary(c => c.Endpoint.Port, c => c.PersistentConnections);
        Assert.Equal(1, templates[(ushort)_c.EndPoint.Port]);
        Assert.Equal(1, templates[(ushort)_b.EndPoint.Port]);
        Assert.Equal(0, templates[(ushort)_a.EndPoint.Port]);
    }

    [Fact]
    public async Task With_a_host_mask_each_address_has_its_own_template()
    {
        var (vip, _) = await ServeAsync(timeout: 60, netmask: "255.255.255.255");

        Assert.Equal("c", await Loopback.WhoServesAsync(vip, "127.0.0.10"));
        Assert.Equal("b", await Loopback.WhoServesAsync(vip, "127.0.0.11"));
        Assert.Equal("c", await Loopback.WhoServesAsync(vip, "127.0.0.10"));
        Assert.Equal("b", await Loopback.WhoServesAsync(vip, "127.0.0.11"));
    }

    [Fact]
    public async Task A_template_outlives_its_connections_for_the_timeout_and_then_goes()
    {
        var (vip, service) = await ServeAsync(timeout: 1, netmask: "255.255.255.255");
        Assert.Equal("c", await Loopback.WhoServesAsync(vip, "127.0.0.10"));
        Assert.Equal("c", await Loopback.WhoServesAsync(vip, "127.0.0.10"));

        Assert.True(await Poll.UntilAsync(() => _plane.Counters(service.Key).All(c => c.PersistentConnections == 0), 5));

        Assert.Equal("b", await Loopback.WhoServesAsync(vip, "127.0.0.10"));
    }

    [Fact]
    public async Task Draining_the_persistent_server_moves_its_clients_and_keeps_their_open_connection()
    {
        var (vip, service) = await ServeAsync(timeout: 60, netmask: "255.255.255.255");
        using var open = await Loopback.ConnectAsync(vip, "127.0.0.10");
        Assert.Equal("c", await Loopback.ReadLineAsync(open));

        await _plane.ApplyAsync(service with
        {
            Destinations = new([Tables.Destination(_a.EndPoint), Tables.Destination(_b.EndPoint), Tables.Destination(_c.EndPoint, 0)]),
        });

        var next = await Loopback.WhoServesAsync(vip, "127.0.0.10");
        Assert.NotEqual("c", next);
        Assert.Equal(next, await Loopback.WhoServesAsync(vip, "127.0.0.10"));
        open.Shutdown(System.Net.Sockets.SocketShutdown.Send);
        Assert.Equal("EOF\n", System.Text.Encoding.ASCII.GetString(await Loopback.ReadToEndAsync(open)));
    }

    [Fact]
    public async Task An_overloaded_persistent_server_keeps_its_clients_as_the_kernel_does()
    {
        var vip = Tables.Vip("127.0.0.6");
        var service = Persistent(Tables.Tcp(vip, "rr", Tables.Destination(_a.EndPoint), Tables.Destination(_b.EndPoint, 1, new Thresholds(1, 0))), 60, "255.255.255.255");
        await _plane.ApplyAsync(service);
        using var open = await Loopback.ConnectAsync(vip, "127.0.0.10");
        Assert.Equal("b", await Loopback.ReadLineAsync(open));

        Assert.Equal("b", await Loopback.WhoServesAsync(vip, "127.0.0.10"));
        Assert.Equal("a", await Loopback.WhoServesAsync(vip, "127.0.0.11"));
    }

    private async Task<(IPEndPoint Vip, ServiceEntry Service)> ServeAsync(uint timeout, string netmask)
    {
        var vip = Tables.Vip("127.0.0.6");
        var service = Persistent(Tables.Tcp(vip, "rr",
            Tables.Destination(_a.EndPoint), Tables.Destination(_b.EndPoint), Tables.Destination(_c.EndPoint)), timeout, netmask);
        await _plane.ApplyAsync(service);
        return (vip, service);
    }

    private static ServiceEntry Persistent(ServiceEntry service, uint timeout, string netmask) =>
        service with { Persistence = new Persistence(timeout, IPAddress.Parse(netmask), 128) };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _plane.DisposeAsync();
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _c.DisposeAsync();
    }
}
