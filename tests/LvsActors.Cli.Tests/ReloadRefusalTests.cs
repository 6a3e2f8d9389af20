using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace LvsActors.Cli.Tests;

/// <summary>
/// Issue 16, items 2 and 3 on a running director: a reload of a hostile file — by SIGHUP or POST /api/v1/reload —
/// logs the errors, keeps the running configuration, tells systemd READY again, and the API answers 422 with problem
/// JSON that lists the errors. The director stays alive and a good file still reloads afterwards. The API refuses
/// real servers the configuration refuses (item 9).
/// </summary>
public sealed class ReloadRefusalTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lvs-reload-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private string Config => Path.Combine(_folder, "director.conf");

    private void WriteConfig(int apiPort, string realServers, string extra = "") => File.WriteAllText(Config, $$"""
        lvs {
          data-plane = dry-run
          admin {
            journal { provider = sqlite, path = "{{Path.Combine(_folder, "admin.db")}}" }
            api { bind = "127.0.0.1:{{apiPort}}", token = "secret" }
          }
          virtual-services.web {
            address = "127.0.0.1:18096"
            delay-loop = 500ms
            real-servers = [ {{realServers}} ]
          }
        }
        {{extra}}
        """);

    [Fact]
    public async Task A_hostile_file_is_refused_by_sighup_and_by_the_api_and_the_director_keeps_its_configuration()
    {
        var apiPort = FreePort();
        WriteConfig(apiPort, """{ address = "127.0.0.1:9101" }""");
        using var systemd = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        var notifySocket = Path.Combine(_folder, "notify.sock");
        systemd.Bind(new UnixDomainSocketEndPoint(notifySocket));
        using var director = new RunningDirector(["run", "--config", Config], new Dictionary<string, string> { ["NOTIFY_SOCKET"] = notifySocket });
        director.WaitFor("add 127.0.0.1:9101 to 127.0.0.1:18096/TCP weight 1");
        director.WaitFor("Admin API listening on");
        Assert.Contains("READY=1", Receive(systemd));

        // SIGHUP with 10,000 nested objects: the old reader overflowed the stack and the director died.
        WriteConfig(apiPort, """{ address = "127.0.0.1:9101" }""", "akka.x = " + string.Concat(Enumerable.Repeat("{ a = ", 10_000)) + "1" + new string('}', 10_000));
        var mark = director.Lines.Count;
        director.Signal("HUP");
        director.WaitFor($"Reload refused, the running configuration stays: {Config}:13: objects and lists nest deeper than 64 levels", mark);
        Assert.Contains("RELOADING=1", Receive(systemd));
        Assert.Contains("READY=1", Receive(systemd));

        // SIGHUP with an include of /dev/zero: the old reader read until the heap ran out.
        WriteConfig(apiPort, """{ address = "127.0.0.1:9101" }""", "include \"/dev/zero\"");
        mark = director.Lines.Count;
        director.Signal("HUP");
        director.WaitFor($"Reload refused, the running configuration stays: {Config}:13: include \"/dev/zero\": it is a character device, not a regular file", mark);
        Assert.Contains("RELOADING=1", Receive(systemd));
        Assert.Contains("READY=1", Receive(systemd));

        // POST /api/v1/reload with a duration beyond a TimeSpan: the old API answered 500 with an empty body.
        WriteConfig(apiPort, """{ address = "127.0.0.1:9101" }, { address = "127.0.0.1:9102" }""",
            "akka.remote.dot-netty.tcp.connection-timeout = 99999999999999d");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{apiPort}/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "secret");
        var refused = await http.PostAsync("api/v1/reload", null);
        var body = await refused.Content.ReadAsStringAsync();
        Assert.True(refused.StatusCode == HttpStatusCode.UnprocessableEntity, $"{(int)refused.StatusCode}: {body}");
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(422, problem.GetProperty("status").GetInt32());
        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray()).GetString();
        Assert.Equal($"{Config}:13: akka.remote.dot-netty.tcp.connection-timeout: 99999999999999d is longer than Akka.NET can hold (TimeSpan, about 29,000 years); write a shorter duration", error);
        Assert.Contains("RELOADING=1", Receive(systemd));
        Assert.Contains("READY=1", Receive(systemd));

        // Alive, and still on the first configuration: a good file changes web (0 added), it does not add it again.
        Assert.True(director.IsAlive, string.Join("\n", director.Lines));
        Assert.DoesNotContain(director.Lines, l => l.Contains("127.0.0.1:9102", StringComparison.Ordinal));
        WriteConfig(apiPort, """{ address = "127.0.0.1:9101" }, { address = "127.0.0.1:9102" }""");
        mark = director.Lines.Count;
        var accepted = await http.PostAsync("api/v1/reload", null);
        Assert.True(accepted.IsSuccessStatusCode, await accepted.Content.ReadAsStringAsync());
        director.WaitFor("0 added, 1 changed, 0 removed, 0 unchanged", mark);
        director.WaitFor("add 127.0.0.1:9102 to 127.0.0.1:18096/TCP weight 1", mark);

        // Issue 16, item 9: the API reads real servers as the configuration does.
        foreach (var (address, why) in new[]
        {
            ("010.0.0.1:9103", "malformed"), ("0x7f.0.0.1:9103", "malformed"), ("0.0.0.0:9103", "the unspecified address"),
            ("255.255.255.255:9103", "the broadcast address"), ("224.0.0.1:9103", "a multicast group"), ("127.0.0.1:0", "port 0 is not a port"),
            ("127.0.0.1:18096", "the virtual service itself"),
        })
        {
            var add = await http.PostAsync("api/v1/services/web/real-servers",
                new StringContent(JsonSerializer.Serialize(new { address }), Encoding.UTF8, "application/json"));
            var answer = await add.Content.ReadAsStringAsync();
            Assert.True(add.StatusCode == HttpStatusCode.BadRequest, $"{address}: {(int)add.StatusCode} {answer}");
            Assert.Contains(why, JsonDocument.Parse(answer).RootElement.GetProperty("detail").GetString());
        }

        director.Signal("TERM");
        Assert.Equal(0, director.WaitForExit());
    }

    /// <summary>The next sd_notify datagram, as systemd would receive it.</summary>
    private static string Receive(Socket systemd)
    {
        var buffer = new byte[4096];
        systemd.ReceiveTimeout = 20_000;
        try
        {
            return Encoding.UTF8.GetString(buffer, 0, systemd.Receive(buffer));
        }
        catch (SocketException e)
        {
            throw new Xunit.Sdk.XunitException($"no sd_notify message within 20 s: {e.Message}");
        }
    }
}
