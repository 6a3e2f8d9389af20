using System.Text.Json;

namespace LvsActors.Cli.Tests.ClusterTls;

/// <summary>
/// Three <c>lvsactors run</c> processes (dry-run data plane) forming a cluster over mutual TLS on 127.0.0.1, with
/// certificates from <c>lvsactors cluster-certs</c>; each has its own admin API, through which the test reads the
/// cluster as that director sees it.
/// </summary>
internal sealed class TlsDirectorCluster : IDisposable
{
    private readonly List<RunningDirector> _directors = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private TlsDirectorCluster(string folder, int[] akkaPorts, int[] apiPorts)
    {
        (Folder, AkkaPorts, ApiPorts) = (folder, akkaPorts, apiPorts);
    }

    public string Folder { get; }

    public int[] AkkaPorts { get; }

    public int[] ApiPorts { get; }

    public IReadOnlyList<RunningDirector> Directors => _directors;

    /// <summary>The seed addresses every director (and an intruder) is given, with the TLS scheme or without.</summary>
    public IEnumerable<string> Seeds(string scheme = "akka.ssl.tcp") => AkkaPorts.Select(p => $"{scheme}://lvs@127.0.0.1:{p}");

    public static TlsDirectorCluster Start(string folder)
    {
        var certs = Lvsactors.Invoke("cluster-certs", "--out", Path.Combine(folder, "tls"), "d1", "d2", "d3");
        Assert.True(certs.ExitCode == 0, certs.Stderr);
        var cluster = new TlsDirectorCluster(folder, [LoopbackPort.Free(), LoopbackPort.Free(), LoopbackPort.Free()],
            [LoopbackPort.Free(), LoopbackPort.Free(), LoopbackPort.Free()]);
        for (var i = 0; i < 3; i++)
        {
            // d1 is preferred (150) and preempts.
            var tls = $"tls {{ certificate = \"tls/d{i + 1}.crt\", key = \"tls/d{i + 1}.key\", ca = \"tls/ca.crt\" }}";
            cluster._directors.Add(cluster.Run($"d{i + 1}", cluster.AkkaPorts[i], cluster.ApiPorts[i], 150 - 50 * i, tls, "akka.ssl.tcp"));
        }
        return cluster;
    }

    /// <summary>
    /// Starts one more <c>lvsactors run</c> with the directors' seeds under <paramref name="scheme"/>, its own ports,
    /// <paramref name="priority"/>, preemption and the lvs.cluster <paramref name="tls"/> block given.
    /// </summary>
    public RunningDirector Run(string name, int akkaPort, int apiPort, int priority, string tls, string scheme)
    {
        var config = Path.Combine(Folder, $"{name}.conf");
        File.WriteAllText(config, Config(name, akkaPort, apiPort, priority, tls, scheme));
        return new RunningDirector("run", "--config", config);
    }

    // The directors join as a real deployment does, through the seed list.
    private string Config(string name, int akkaPort, int apiPort, int priority, string tls, string scheme) => $$"""
        akka {
          actor.provider = cluster
          remote.dot-netty.tcp { hostname = "127.0.0.1", port = {{akkaPort}} }
          cluster {
            seed-nodes = [{{string.Join(", ", Seeds(scheme).Select(s => $"\"{s}\""))}}]
            roles = [director]
            downing-provider-class = "LvsActors.Director.Leadership.KeepMajorityDowningProvider, LvsActors.Director"
          }
        }
        lvs {
          data-plane = dry-run
          admin {
            journal { provider = sqlite, path = "{{Path.Combine(Folder, $"admin-{name}.db")}}" }
            api.bind = "127.0.0.1:{{apiPort}}"
          }
          cluster {
            priority = {{priority}}
            preempt = true
            vips = [ { address = "192.0.2.100/24", interface = eth0 } ]
            {{tls}}
          }
          fencing.expected-voters = 3
          virtual-services.web {
            address = "192.0.2.100:80"
            scheduler = rr
            real-servers = [ { address = "127.0.0.1:9101" } ]
          }
        }
        """;

    /// <summary>The cluster section of director <paramref name="i"/>'s status (members, ownership), or null while it has none.</summary>
    public Task<JsonElement?> ClusterStatusAsync(int i) => ClusterStatusAtAsync(ApiPorts[i]);

    /// <summary>The cluster section of the status the admin API on <paramref name="apiPort"/> answers, or null.</summary>
    public async Task<JsonElement?> ClusterStatusAtAsync(int apiPort)
    {
        try
        {
            var json = await _http.GetStringAsync($"http://127.0.0.1:{apiPort}/api/v1/status");
            var status = JsonDocument.Parse(json).RootElement.GetProperty("director").GetProperty("cluster").GetProperty("status");
            return status.ValueKind == JsonValueKind.Object ? status.Clone() : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or KeyNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Member addresses with status Up, as director <paramref name="i"/> sees them.</summary>
    public static IReadOnlyList<string> UpMembers(JsonElement status) => status.GetProperty("members").EnumerateArray()
        .Where(m => m.GetProperty("status").GetString() == "Up").Select(m => m.GetProperty("address").GetString()!).Order().ToList();

    /// <summary>The VIP owner's address and epoch, or null.</summary>
    public static (string Owner, long Epoch)? Ownership(JsonElement status) =>
        status.GetProperty("ownership") is { ValueKind: JsonValueKind.Object } o && o.GetProperty("owner").GetString() is { } owner
            ? (owner, o.GetProperty("epoch").GetInt64())
            : null;

    public void Dispose()
    {
        _http.Dispose();
        _directors.ForEach(d => d.Dispose());
    }
}
