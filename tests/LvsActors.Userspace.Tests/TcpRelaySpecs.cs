using System.Net.Sockets;
using System.Security.Cryptography;
using LvsActors.Director.DataPlanes.Userspace;

namespace LvsActors.Userspace.Tests;

/// <summary>What the relay does with data, FINs and RSTs, and that every ending leaves nothing behind.</summary>
public sealed class TcpRelaySpecs : IAsyncLifetime
{
    private readonly StubTcpServer _echo = new("echo", "127.0.0.1");
    private readonly StubTcpServer _resetting = new("rst", "127.0.0.1", StubBehaviour.ResetAfterFirstByte);
    private readonly UserspaceDataPlane _plane = new(Tables.FastOptions with { TcpIdleTimeout = TimeSpan.FromSeconds(1) });

    [Fact]
    public async Task Eight_MiB_each_way_arrive_intact()
    {
        var vip = await ServeAsync(_echo);
        using var client = await Loopback.ConnectAsync(vip);
        Assert.Equal("echo", await Loopback.ReadLineAsync(client));
        var sent = RandomNumberGenerator.GetBytes(8 * 1024 * 1024);

        var reading = Loopback.ReadToEndAsync(client);
        await client.SendAsync(sent, SocketFlags.None);
        client.Shutdown(SocketShutdown.Send);
        var received = await reading;

        Assert.Equal(sent.Length + "EOF\n".Length, received.Length);
        Assert.Equal(SHA256.HashData(sent), SHA256.HashData(received.AsSpan(0, sent.Length)));
        Assert.True(await Poll.UntilAsync(() => _plane.TcpConnectionCount == 0));
    }

    [Fact]
    public async Task A_client_FIN_reaches_the_server_and_the_server_can_still_answer()
    {
        var vip = await ServeAsync(_echo);
        using var client = await Loopback.ConnectAsync(vip);
        Assert.Equal("echo", await Loopback.ReadLineAsync(client));

        await client.SendAsync("ping"u8.ToArray(), SocketFlags.None);
        client.Shutdown(SocketShutdown.Send);

        // The stub writes "EOF" only after it read our FIN: the answer travels the direction that stayed open.
        Assert.Equal("pingEOF\n", System.Text.Encoding.ASCII.GetString(await Loopback.ReadToEndAsync(client)));
        Assert.Equal(1, _echo.FinsSeen);
        Assert.True(await Poll.UntilAsync(() => _plane.TcpConnectionCount == 0));
    }

    [Fact]
    public async Task A_client_reset_mid_transfer_resets_the_server_leg()
    {
        var vip = await ServeAsync(_echo);
        var client = await Loopback.ConnectAsync(vip);
        Assert.Equal("echo", await Loopback.ReadLineAsync(client));
        await client.SendAsync(new byte[100_000], SocketFlags.None);

        RealServerSocket.Reset(client);

        Assert.True(await Poll.UntilAsync(() => _echo.ResetsSeen == 1), $"the real server saw: {_echo.Endings}");
        Assert.Equal(0, _echo.FinsSeen);
        Assert.True(await Poll.UntilAsync(() => _plane.TcpConnectionCount == 0));
    }

    [Fact]
    public async Task A_server_reset_reaches_the_client_as_a_reset()
    {
        var vip = await ServeAsync(_resetting);
        using var client = await Loopback.ConnectAsync(vip);
        Assert.Equal("rst", await Loopback.ReadLineAsync(client));

        await client.SendAsync("x"u8.ToArray(), SocketFlags.None);

        var error = await Assert.ThrowsAsync<SocketException>(() => Loopback.ReadToEndAsync(client));
        Assert.Equal(SocketError.ConnectionReset, error.SocketErrorCode);
        Assert.True(await Poll.UntilAsync(() => _plane.TcpConnectionCount == 0));
    }

    [Fact]
    public async Task A_client_that_connects_sends_nothing_and_leaves_leaves_nothing()
    {
        var vip = await ServeAsync(_echo);
        for (var i = 0; i < 20; i++)
        {
            var client = await Loopback.ConnectAsync(vip);
            client.Dispose();
        }

        Assert.True(await Poll.UntilAsync(() => _plane.TcpConnectionCount == 0));
        Assert.True(await Poll.UntilAsync(() => _plane.Counters(Table(vip).Key).Single().ActiveConnections == 0));
    }

    [Fact]
    public async Task A_silent_connection_is_reset_after_the_idle_timeout()
    {
        var vip = await ServeAsync(_echo);
        using var client = await Loopback.ConnectAsync(vip);
        Assert.Equal("echo", await Loopback.ReadLineAsync(client));
        Assert.Equal(1, _plane.TcpConnectionCount);

        var error = await Assert.ThrowsAsync<SocketException>(() => Loopback.ReadToEndAsync(client));

        Assert.Equal(SocketError.ConnectionReset, error.SocketErrorCode);
        Assert.True(await Poll.UntilAsync(() => _echo.ResetsSeen == 1));
        Assert.Equal(0, _plane.TcpConnectionCount);
    }

    [Fact]
    public async Task A_connect_flood_that_aborts_leaves_no_connection_and_no_active_count()
    {
        var unobserved = new List<string>();
        EventHandler<UnobservedTaskExceptionEventArgs> count = (_, e) =>
        {
            lock (unobserved)
                unobserved.Add(e.Exception.ToString());
        };
        TaskScheduler.UnobservedTaskException += count;
        var vip = await ServeAsync(_echo);
        var clients = new List<(Socket Socket, Task Connecting)>();
        for (var i = 0; i < 300; i++)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            clients.Add((socket, socket.ConnectAsync(vip)));
        }
        await Task.Delay(200);
        foreach (var (socket, _) in clients)
        {
            if (socket.Connected)
                RealServerSocket.Reset(socket);
            else
                socket.Dispose();
        }
        // Our own connects that the resets cut short fail; observe them, so that only the proxy's could count below.
        await Task.WhenAll(clients.Select(c => c.Connecting)).ContinueWith(t => t.Exception, TaskScheduler.Default);

        Assert.True(await Poll.UntilAsync(() => _plane.TcpConnectionCount == 0, 15));
        Assert.True(await Poll.UntilAsync(() => _plane.Counters(Table(vip).Key).Single().ActiveConnections == 0));
        // The service still serves after the flood.
        Assert.Equal("echo", await Loopback.WhoServesAsync(vip));
        GC.Collect();
        GC.WaitForPendingFinalizers();
        TaskScheduler.UnobservedTaskException -= count;
        Assert.Empty(unobserved);
    }

    private static LvsActors.Table.ServiceEntry Table(System.Net.IPEndPoint vip) => Tables.Tcp(vip, "rr");

    private async Task<System.Net.IPEndPoint> ServeAsync(StubTcpServer server)
    {
        var vip = Tables.Vip("127.0.0.3");
        await _plane.ApplyAsync(Tables.Tcp(vip, "rr", Tables.Destination(server.EndPoint)));
        return vip;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _plane.DisposeAsync();
        await _echo.DisposeAsync();
        await _resetting.DisposeAsync();
    }
}
