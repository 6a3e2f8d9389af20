using System.Net.Sockets;
using System.Text;
using LvsActors.Linux.Bird;

namespace LvsActors.Linux.Tests.Bird;

/// <summary>
/// The director's client of BIRD's control socket against a real BIRD 2: the protocol table, a re-read configuration,
/// a refused one; and against sockets that answer garbage, break off or say nothing: a clear error, never a hang.
/// </summary>
public sealed class BirdControlTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private const string OneSession = """
        protocol device lvs_device { scan time 10; }
        protocol direct lvs_vips4 { ipv4; interface "lvsvip0"; }
        protocol bgp lvs_router1 { local 127.0.0.1 as 65001; neighbor 127.0.0.9 as 65000; connect delay time 1; ipv4 { import none; export where proto = "lvs_vips4"; }; }
        """;

    [Fact]
    public async Task It_lists_the_protocols_bird_runs()
    {
        using var bird = new BirdDaemon(OneSession);
        using var control = await BirdControl.ConnectAsync(bird.Socket, Timeout);

        var protocols = await control.ProtocolsAsync();

        Assert.Contains(protocols, p => p is { Name: "lvs_router1", Kind: "BGP", IsEstablished: false });
        Assert.Contains(protocols, p => p is { Name: "lvs_vips4", Kind: "Direct", State: "up" });
    }

    [Fact]
    public async Task A_rewritten_include_is_read_on_configure()
    {
        using var bird = new BirdDaemon(OneSession);
        using var control = await BirdControl.ConnectAsync(bird.Socket, Timeout);
        File.WriteAllText(bird.IncludeFile, OneSession + "\nprotocol bgp lvs_router2 { local 127.0.0.1 as 65001; neighbor 127.0.0.10 as 65002; ipv4 { import none; export none; }; }\n");

        await control.ConfigureAsync();

        Assert.Contains(await control.ProtocolsAsync(), p => p.Name == "lvs_router2");
    }

    [Fact]
    public async Task A_broken_include_is_refused_with_birds_reason_and_bird_keeps_the_old_one()
    {
        using var bird = new BirdDaemon(OneSession);
        using var control = await BirdControl.ConnectAsync(bird.Socket, Timeout);
        File.WriteAllText(bird.IncludeFile, OneSession + "\nprotocol bgp lvs_router2 { local as 65001; neighbour }\n");

        var refused = await Assert.ThrowsAsync<BirdException>(() => control.ConfigureAsync());

        Assert.StartsWith("BIRD refused its configuration: ", refused.Message);
        Assert.Contains("lvsactors.conf", refused.Message);
        Assert.False(bird.HasExited);
        Assert.Contains(await control.ProtocolsAsync(), p => p.Name == "lvs_router1");
    }

    [Fact]
    public async Task A_socket_that_is_not_there_says_so()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-bird-{Guid.NewGuid():N}.ctl");

        var error = await Assert.ThrowsAsync<BirdException>(() => BirdControl.ConnectAsync(missing, Timeout));

        Assert.StartsWith($"cannot reach BIRD at {missing}", error.Message);
    }

    [Theory]
    [InlineData("HTTP/1.1 400 Bad Request\r\n\r\n", "not a BIRD reply line: \"HTTP/1.1 400 Bad Request\r\"")]
    [InlineData(" continued\n0000 \n", "BIRD's reply began with a continuation line")]
    [InlineData("0001-BIRD\n", "BIRD closed its control socket in the middle of a reply")]
    [InlineData("12345 what\n", "not a BIRD reply line")]
    [InlineData("0013 Daemon is up and running\n", "greeted with \"Daemon is up and running\", not BIRD's 0001 ready")]
    public async Task Garbage_on_the_socket_is_a_clear_error(string sent, string says)
    {
        using var fake = new FakeControlSocket(Encoding.UTF8.GetBytes(sent), closeAfter: true);

        var error = await Assert.ThrowsAsync<BirdException>(() => BirdControl.ConnectAsync(fake.Path, Timeout));

        Assert.Contains(says, error.Message);
    }

    [Fact]
    public async Task A_socket_that_says_nothing_is_given_up_after_the_timeout()
    {
        using var fake = new FakeControlSocket([], closeAfter: false);

        var error = await Assert.ThrowsAsync<BirdException>(() => BirdControl.ConnectAsync(fake.Path, TimeSpan.FromMilliseconds(300)));

        Assert.Contains("did not answer within 0.3 s", error.Message);
    }

    [Fact]
    public async Task A_reply_without_end_is_refused_beyond_a_megabyte()
    {
        var flood = new StringBuilder("0001 BIRD 2.0.12 ready.\n");
        var line = "1002-" + new string('x', 200) + "\n";
        while (flood.Length < 2 << 20)
        {
            flood.Append(line);
        }
        using var fake = new FakeControlSocket(Encoding.UTF8.GetBytes(flood.ToString()), closeAfter: false);
        using var control = await BirdControl.ConnectAsync(fake.Path, Timeout);

        var error = await Assert.ThrowsAsync<BirdException>(() => control.SendAsync("show protocols"));

        Assert.Contains("exceeded", error.Message);
    }

    /// <summary>A Unix socket that sends its bytes to the first client, then closes or keeps it open.</summary>
    private sealed class FakeControlSocket : IDisposable
    {
        private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        private readonly Task _serving;
        private Socket? _client;

        public FakeControlSocket(byte[] bytes, bool closeAfter)
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"fake-bird-{Guid.NewGuid():N}.ctl");
            _listener.Bind(new UnixDomainSocketEndPoint(Path));
            _listener.Listen(1);
            _serving = Task.Run(async () =>
            {
                _client = await _listener.AcceptAsync();
                var sent = 0;
                while (sent < bytes.Length)
                {
                    sent += await _client.SendAsync(bytes.AsMemory(sent), SocketFlags.None);
                }
                if (closeAfter)
                {
                    _client.Shutdown(SocketShutdown.Both);
                    _client.Close();
                }
            });
        }

        public string Path { get; }

        public void Dispose()
        {
            _listener.Dispose();
            _client?.Dispose();
            File.Delete(Path);
        }
    }
}
