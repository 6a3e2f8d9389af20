using System.Net;
using System.Net.Sockets;
using LvsActors.Director.DataPlanes.Userspace;
using LvsActors.Model;
using LvsActors.Table;

namespace LvsActors.Userspace.Tests;

/// <summary>Reconciling the proxy with a desired table: listeners, destinations, weights and schedulers.</summary>
public sealed class TableChangeSpecs : IAsyncLifetime
{
    private readonly StubTcpServer _a = new("a");
    private readonly StubTcpServer _b = new("b");
    private readonly UserspaceDataPlane _plane = new(Tables.FastOptions);

    [Fact]
    public async Task Applying_the_same_table_again_changes_nothing()
    {
        var table = Tables.Tcp(Tables.Vip("127.0.0.4"), "wlc", Tables.Destination(_a.EndPoint), Tables.Destination(_b.EndPoint));

        Assert.Equal(3, (await _plane.ApplyAsync(table)).Count);
        Assert.Empty(await _plane.ApplyAsync(table));
        Assert.Equal([table.Key], _plane.Listening);
    }

    [Fact]
    public async Task Weight_zero_keeps_the_open_connection_and_sends_new_ones_elsewhere()
    {
        var vip = Tables.Vip("127.0.0.4");
        await _plane.ApplyAsync(Tables.Tcp(vip, "rr", Tables.Destination(_a.EndPoint), Tables.Destination(_b.EndPoint)));
        using var onB = await Loopback.ConnectAsync(vip);
        Assert.Equal("b", await Loopback.ReadLineAsync(onB));

        var changes = await _plane.ApplyAsync(Tables.Tcp(vip, "rr", Tables.Destination(_a.EndPoint), Tables.Destination(_b.EndPoint, 0)));

        Assert.IsType<EditDestination>(Assert.Single(changes));
        for (var i = 0; i < 4; i++)
            Assert.Equal("a", await Loopback.WhoServesAsync(vip));
        await onB.SendAsync("still here"u8.ToArray(), SocketFlags.None);
        onB.Shutdown(SocketShutdown.Send);
        Assert.Equal("still hereEOF\n", System.Text.Encoding.ASCII.GetString(await Loopback.ReadToEndAsync(onB)));
    }

    [Fact]
    public async Task A_removed_destination_gets_no_new_connections_while_its_open_one_runs_to_its_end()
    {
        var vip = Tables.Vip("127.0.0.4");
        await _plane.ApplyAsync(Tables.Tcp(vip, "rr", Tables.Destination(_a.EndPoint), Tables.Destination(_b.EndPoint)));
        using var onB = await Loopback.ConnectAsync(vip);
        Assert.Equal("b", await Loopback.ReadLineAsync(onB));

        var changes = await _plane.ApplyAsync(Tables.Tcp(vip, "rr", Tables.Destination(_a.EndPoint)));

        Assert.Equal(new RemoveDestination(Tables.Tcp(vip, "rr").Key, Tables.Endpoint(_b.EndPoint)), Assert.Single(changes));
        for (var i = 0; i < 3; i++)
            Assert.Equal("a", await Loopback.WhoServesAsync(vip));
        onB.Shutdown(SocketShutdown.Send);
        Assert.Equal("EOF\n", System.Text.Encoding.ASCII.GetString(await Loopback.ReadToEndAsync(onB)));
        Assert.True(await Poll.UntilAsync(() => _plane.TcpConnectionCount == 0));
        Assert.Equal(Tables.Endpoint(_a.EndPoint), Assert.Single(_plane.Counters(Tables.Tcp(vip, "rr").Key)).Endpoint);
    }

    [Fact]
    public async Task A_removed_service_closes_its_listener()
    {
        var vip = Tables.Vip("127.0.0.4");
        var other = Tables.Tcp(Tables.Vip("127.0.0.4"), "rr", Tables.Destination(_b.EndPoint));
        await _plane.ApplyAsync(Tables.Tcp(vip, "rr", Tables.Destination(_a.EndPoint)), other);
        using var open = await Loopback.ConnectAsync(vip);
        Assert.Equal("a", await Loopback.ReadLineAsync(open));

        await _plane.ApplyAsync(other);

        Assert.Equal([other.Key], _plane.Listening);
        var refused = await Assert.ThrowsAsync<SocketException>(() => Loopback.ConnectAsync(vip));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        // As in the kernel, a connection already relayed outlives its service.
        open.Shutdown(SocketShutdown.Send);
        Assert.Equal("EOF\n", System.Text.Encoding.ASCII.GetString(await Loopback.ReadToEndAsync(open)));
        Assert.True(await Poll.UntilAsync(() => _plane.TcpConnectionCount == 0));
    }

    [Fact]
    public async Task A_new_scheduler_takes_over_with_the_connection_counts_carried()
    {
        var vip = Tables.Vip("127.0.0.4");
        var service = Tables.Tcp(vip, "rr", Tables.Destination(_a.EndPoint), Tables.Destination(_b.EndPoint));
        await _plane.ApplyAsync(service);
        using var onB = await Loopback.ConnectAsync(vip);
        Assert.Equal("b", await Loopback.ReadLineAsync(onB));

        var changes = await _plane.ApplyAsync(service with { Scheduler = new SchedulerSpec("lc", SchedulerFlags.None) });

        Assert.IsType<EditService>(Assert.Single(changes));
        Assert.Equal((1, 0), _plane.CountsOf(service, _b.EndPoint));
        // lc sees b's open connection, so even b's place at the head of the list does not win it the next one.
        using var next = await Loopback.ConnectAsync(vip);
        Assert.Equal("a", await Loopback.ReadLineAsync(next));
    }

    [Fact]
    public async Task A_firewall_mark_service_is_refused_with_the_reason()
    {
        var fwmark = new ServiceEntry(new FirewallMarkServiceKey(1, AddressFamily.InterNetwork), new SchedulerSpec("rr", SchedulerFlags.None),
            null, false, null, ValueList<DestinationEntry>.Empty);

        var error = await Assert.ThrowsAsync<DataPlaneException>(() => _plane.ApplyAsync(fwmark));

        Assert.Contains("fwmark services need the ipvs data plane", error.Message);
        Assert.Empty(_plane.Table);
    }

    [Fact]
    public async Task A_real_server_listed_twice_is_refused_with_the_change_named()
    {
        var twice = Tables.Tcp(Tables.Vip("127.0.0.4"), "rr", Tables.Destination(_a.EndPoint), Tables.Destination(_a.EndPoint));

        var error = await Assert.ThrowsAsync<DataPlaneException>(() => _plane.ApplyAsync(twice));

        Assert.Contains($"add {Tables.Endpoint(_a.EndPoint)}", error.Message);
    }

    [Fact]
    public async Task A_VIP_that_is_not_local_is_refused_and_the_rest_of_the_table_stays_applied()
    {
        var vip = Tables.Vip("127.0.0.4");
        var good = Tables.Tcp(vip, "rr", Tables.Destination(_a.EndPoint));
        var foreign = Tables.Tcp(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 80), "rr");

        var error = await Assert.ThrowsAsync<DataPlaneException>(() => _plane.ApplyAsync(good, foreign));

        Assert.Contains("192.0.2.1:80/TCP", error.Message);
        Assert.Equal([good], _plane.Table);
        Assert.Equal("a", await Loopback.WhoServesAsync(vip));
    }

    [Fact]
    public async Task An_active_active_director_binds_a_VIP_before_it_holds_it()
    {
        // (BindNotYetLocal: the director announces the VIP by BGP only once a service can serve it.)
        await using var plane = new UserspaceDataPlane(Tables.FastOptions with { BindNotYetLocal = true });
        var foreign = Tables.Tcp(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 80), "rr");

        await plane.ApplyAsync(foreign);

        Assert.Equal([foreign], plane.Table);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _plane.DisposeAsync();
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }
}
