using System.Net.Sockets;
using LvsActors.Director.DataPlanes.Userspace;
using LvsActors.Model;

namespace LvsActors.Userspace.Tests;

public sealed class TcpBalancingSpecs : IAsyncLifetime
{
    private readonly StubTcpServer _a = new("a");
    private readonly StubTcpServer _b = new("b");
    private readonly StubTcpServer _c = new("c");
    private readonly UserspaceDataPlane _plane = new(Tables.FastOptions);

    [Fact]
    public async Task Round_robin_gives_each_real_server_the_same_number_of_connections()
    {
        var vip = Tables.Vip("127.0.0.2");
        await _plane.ApplyAsync(Tables.Tcp(vip, "rr", Tables.Destination(_a.EndPoint), Tables.Destination(_b.EndPoint), Tables.Destination(_c.EndPoint)));

        var served = new List<string>();
        for (var i = 0; i < 9; i++)
            served.Add(await Loopback.WhoServesAsync(vip));

        // The kernel's list is newest first: c, b, a.
        Assert.Equal(["c", "b", "a", "c", "b", "a", "c", "b", "a"], served);
    }

    [Fact]
    public async Task Weighted_round_robin_follows_the_weights_exactly()
    {
        var vip = Tables.Vip("127.0.0.2");
        await _plane.ApplyAsync(Tables.Tcp(vip, "wrr",
            Tables.Destination(_a.EndPoint, 3), Tables.Destination(_b.EndPoint, 2), Tables.Destination(_c.EndPoint, 1)));

        var served = new List<string>();
        for (var i = 0; i < 12; i++)
            served.Add(await Loopback.WhoServesAsync(vip));

        Assert.Equal(6, served.Count(s => s == "a"));
        Assert.Equal(4, served.Count(s => s == "b"));
        Assert.Equal(2, served.Count(s => s == "c"));
        Assert.Equal(12, _a.Accepted + _b.Accepted + _c.Accepted);
    }

    [Fact]
    public async Task A_connection_counts_active_while_open_and_inactive_for_the_inactive_timeout_after()
    {
        var vip = Tables.Vip("127.0.0.2");
        var service = Tables.Tcp(vip, "wlc", Tables.Destination(_a.EndPoint));
        await _plane.ApplyAsync(service);

        var client = await Loopback.ConnectAsync(vip);
        Assert.Equal("a", await Loopback.ReadLineAsync(client));
        Assert.Equal((1, 0), _plane.CountsOf(service, _a.EndPoint));
        Assert.Equal(1, _plane.TcpConnectionCount);

        client.Shutdown(SocketShutdown.Send);
        await Loopback.ReadToEndAsync(client);
        client.Dispose();

        Assert.True(await Poll.UntilAsync(() => _plane.CountsOf(service, _a.EndPoint) == (0, 1), 5));
        Assert.True(await Poll.UntilAsync(() => _plane.CountsOf(service, _a.EndPoint) == (0, 0), 5));
        Assert.Equal(0, _plane.TcpConnectionCount);
    }

    [Fact]
    public async Task Least_connection_sends_new_clients_away_from_the_busy_server()
    {
        var vip = Tables.Vip("127.0.0.2");
        var service = Tables.Tcp(vip, "lc", Tables.Destination(_a.EndPoint), Tables.Destination(_b.EndPoint));
        await _plane.ApplyAsync(service);

        using var first = await Loopback.ConnectAsync(vip);
        Assert.Equal("b", await Loopback.ReadLineAsync(first));
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("a", await Loopback.WhoServesAsync(vip));
            // Closed connections cost 1, an open one 256: a stays the lesser however many have closed on it.
            Assert.True(await Poll.UntilAsync(() => _plane.CountsOf(service, _a.EndPoint).Active == 0));
        }
        Assert.Equal((1, 0), _plane.CountsOf(service, _b.EndPoint));
    }

    [Fact]
    public async Task An_overloaded_server_is_skipped_until_its_connections_fall_below_the_threshold()
    {
        var vip = Tables.Vip("127.0.0.2");
        var service = Tables.Tcp(vip, "rr", Tables.Destination(_a.EndPoint, 1, new Thresholds(1, 0)), Tables.Destination(_b.EndPoint));
        await _plane.ApplyAsync(service);

        // rr starts at b (newest first); the next connection lands on a and fills its threshold of one.
        using var onB = await Loopback.ConnectAsync(vip);
        Assert.Equal("b", await Loopback.ReadLineAsync(onB));
        using var onA = await Loopback.ConnectAsync(vip);
        Assert.Equal("a", await Loopback.ReadLineAsync(onA));
        Assert.True(_plane.Counters(service.Key).Single(c => c.Endpoint == Tables.Endpoint(_a.EndPoint)).Overloaded);

        for (var i = 0; i < 3; i++)
            Assert.Equal("b", await Loopback.WhoServesAsync(vip));
    }

    [Fact]
    public async Task A_refused_connect_is_retried_once_on_another_server_and_the_client_is_served()
    {
        var vip = Tables.Vip("127.0.0.2");
        var dead = Tables.Dead();
        var service = Tables.Tcp(vip, "rr", Tables.Destination(_a.EndPoint), Tables.Destination(dead));
        await _plane.ApplyAsync(service);

        for (var i = 0; i < 4; i++)
            Assert.Equal("a", await Loopback.WhoServesAsync(vip));

        Assert.Equal(4, _a.Accepted);
        Assert.True(await Poll.UntilAsync(() => _plane.TcpConnectionCount == 0));
        Assert.Equal((0, 0), _plane.CountsOf(service, dead));
    }

    [Fact]
    public async Task A_connect_that_hangs_times_out_and_is_retried_on_another_server()
    {
        // A listener that never accepts, with its accept queue full: the kernel drops further SYNs, so connects hang.
        using var stuck = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        stuck.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        stuck.Listen(0);
        var fillers = new List<Socket>();
        var filling = new List<Task>();
        for (var i = 0; i < 4; i++)
        {
            var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            filling.Add(filler.ConnectAsync(stuck.LocalEndPoint!));
            fillers.Add(filler);
        }
        await using var plane = new UserspaceDataPlane(Tables.FastOptions with { TcpConnectTimeout = TimeSpan.FromMilliseconds(500) });
        var vip = Tables.Vip("127.0.0.2");
        await plane.ApplyAsync(Tables.Tcp(vip, "rr", Tables.Destination(_a.EndPoint), Tables.Destination((System.Net.IPEndPoint)stuck.LocalEndPoint!)));

        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal("a", await Loopback.WhoServesAsync(vip));

        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(450), TimeSpan.FromSeconds(5));
        Assert.True(await Poll.UntilAsync(() => plane.TcpConnectionCount == 0));
        fillers.ForEach(f => f.Dispose());
        await Task.WhenAll(filling).ContinueWith(t => t.Exception, TaskScheduler.Default);
    }

    [Fact]
    public async Task With_every_server_down_the_client_is_reset_and_nothing_stays_open()
    {
        var vip = Tables.Vip("127.0.0.2");
        var service = Tables.Tcp(vip, "rr", Tables.Destination(Tables.Dead()), Tables.Destination(Tables.Dead("127.0.0.8")));
        await _plane.ApplyAsync(service);

        // The reset can come before the client's connect has returned (CI saw that), or on its first read.
        await Assert.ThrowsAsync<SocketException>(async () =>
        {
            using var client = await Loopback.ConnectAsync(vip);
            await Loopback.ReadToEndAsync(client);
        });
        Assert.True(await Poll.UntilAsync(() => _plane.TcpConnectionCount == 0));
        Assert.All(_plane.Counters(service.Key), c => Assert.Equal((0, 0), (c.ActiveConnections, c.InactiveConnections)));
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
