using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using LvsActors.Director.DataPlanes.Userspace;

namespace LvsActors.Userspace.Tests;

/// <summary>
/// The relay when one side is faster than the other: bytes the receiver has no room for wait, the sender is held back,
/// a FIN waits behind the bytes before it, and many connections at once keep their own streams.
/// </summary>
public sealed class TcpFlowControlSpecs : IAsyncLifetime
{
    private readonly UserspaceDataPlane _plane = new(Tables.FastOptions);
    private readonly List<Socket> _servers = [];
    private readonly CancellationTokenSource _stop = new();
    private LvsActors.Table.ServiceEntry? _service;

    [Fact]
    public async Task A_server_that_sends_and_closes_at_once_delivers_every_byte_before_its_FIN()
    {
        var payload = RandomNumberGenerator.GetBytes(4 * 1024 * 1024);
        var vip = await ServeAsync(async connection =>
        {
            await connection.SendAsync(payload, SocketFlags.None);
            connection.Shutdown(SocketShutdown.Send);
            await DrainAsync(connection);
        });
        using var client = await Loopback.ConnectAsync(vip);

        // The client reads nothing for a while: the proxy's copy to it fills, and the real server's FIN has to wait.
        await Task.Delay(300);
        var received = await Loopback.ReadToEndAsync(client);

        Assert.Equal(payload.Length, received.Length);
        Assert.Equal(SHA256.HashData(payload), SHA256.HashData(received));
        client.Shutdown(SocketShutdown.Send);
        Assert.True(await Poll.UntilAsync(() => _plane.TcpConnectionCount == 0));
    }

    [Fact]
    public async Task A_slow_reader_holds_the_sender_back_and_loses_nothing()
    {
        var vip = await ServeAsync(async connection =>
        {
            // Reads 64 KiB every 5 ms, then answers with the hash of everything it read.
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = await connection.ReceiveAsync(buffer, SocketFlags.None)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                await Task.Delay(5);
            }
            await connection.SendAsync(hash.GetHashAndReset(), SocketFlags.None);
            connection.Shutdown(SocketShutdown.Send);
        });
        var payload = RandomNumberGenerator.GetBytes(4 * 1024 * 1024);
        using var client = await Loopback.ConnectAsync(vip);

        await client.SendAsync(payload, SocketFlags.None);
        client.Shutdown(SocketShutdown.Send);

        Assert.Equal(SHA256.HashData(payload), await Loopback.ReadToEndAsync(client));
        Assert.True(await Poll.UntilAsync(() => _plane.TcpConnectionCount == 0));
    }

    [Fact]
    public async Task A_request_and_its_FIN_sent_with_the_connect_are_answered_every_time()
    {
        var vip = await ServeAsync(async connection =>
        {
            var request = await ReadAllAsync(connection);
            await connection.SendAsync(Encoding.ASCII.GetBytes($"got {request.Length} bytes"), SocketFlags.None);
            connection.Shutdown(SocketShutdown.Send);
        });

        // Sent before the proxy's own connect to the real server can have finished: the bytes and the FIN wait for it.
        for (var i = 0; i < 50; i++)
        {
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await client.ConnectAsync(vip);
            await client.SendAsync(new byte[100 + i], SocketFlags.None);
            client.Shutdown(SocketShutdown.Send);
            Assert.Equal($"got {100 + i} bytes", Encoding.ASCII.GetString(await Loopback.ReadToEndAsync(client)));
        }
        Assert.True(await Poll.UntilAsync(() => _plane.TcpConnectionCount == 0));
    }

    [Fact]
    public async Task Many_connections_at_once_each_get_their_own_answers()
    {
        var vip = await ServeAsync(async connection =>
        {
            var buffer = new byte[4096];
            int read;
            while ((read = await connection.ReceiveAsync(buffer, SocketFlags.None)) > 0)
                await connection.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
            connection.Shutdown(SocketShutdown.Send);
        });

        var clients = Enumerable.Range(0, 64).Select(async c =>
        {
            using var client = await Loopback.ConnectAsync(vip);
            var answer = new byte[64];
            for (var request = 0; request < 20; request++)
            {
                var question = Encoding.ASCII.GetBytes($"client {c:D3} request {request:D3}".PadRight(64, '.'));
                await client.SendAsync(question, SocketFlags.None);
                var got = 0;
                while (got < answer.Length)
                {
                    var read = await client.ReceiveAsync(answer.AsMemory(got), SocketFlags.None);
                    Assert.NotEqual(0, read);
                    got += read;
                }
                Assert.Equal(question, answer);
            }
            client.Shutdown(SocketShutdown.Send);
            Assert.Empty(await Loopback.ReadToEndAsync(client));
        });
        await Task.WhenAll(clients);

        Assert.True(await Poll.UntilAsync(() => _plane.TcpConnectionCount == 0));
        Assert.True(await Poll.UntilAsync(() => _plane.Counters(_service!.Key).Single().ActiveConnections == 0));
    }

    /// <summary>A real server on 127.0.0.1 that runs <paramref name="serve"/> for every connection, behind a VIP on 127.0.0.4.</summary>
    private async Task<IPEndPoint> ServeAsync(Func<Socket, Task> serve)
    {
        var listener = RealServerSocket.Listen(new IPEndPoint(IPAddress.Loopback, 0));
        _servers.Add(listener);
        _ = RealServerSocket.AcceptAsync(listener, async connection =>
        {
            using (connection)
                await serve(connection);
        }, _stop.Token);
        var vip = Tables.Vip("127.0.0.4");
        _service = Tables.Tcp(vip, "rr", Tables.Destination((IPEndPoint)listener.LocalEndPoint!));
        await _plane.ApplyAsync(_service);
        return vip;
    }

    private static async Task<byte[]> ReadAllAsync(Socket connection)
    {
        var all = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while ((read = await connection.ReceiveAsync(buffer, SocketFlags.None)) > 0)
            all.Write(buffer, 0, read);
        return all.ToArray();
    }

    private static async Task DrainAsync(Socket connection)
    {
        var buffer = new byte[4096];
        while (await connection.ReceiveAsync(buffer, SocketFlags.None) > 0)
        {
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _plane.DisposeAsync();
        await _stop.CancelAsync();
        foreach (var server in _servers)
            server.Dispose();
        _stop.Dispose();
    }
}
