using System.Net.Http.Headers;
using System.Text.Json;

namespace LvsActors.Admin.Tests;

/// <summary>
/// Three real <c>lvsactors run</c> processes on loopback, one cluster of three seed nodes with replicated intent and no
/// database server, each with its own journal and intent folder. A crash is SIGKILL (<see cref="Kill"/>); a restart runs
/// the same file on the same folders.
/// </summary>
internal sealed class LoopbackDirectors : IDisposable
{
    public const string Token = "intent-spec-token";
    private readonly ScratchFolder _scratch = new();
    private readonly int[] _akkaPorts = [LoopbackPort.Free(), LoopbackPort.Free(), LoopbackPort.Free()];
    private readonly Func<int, string> _lvs;
    private readonly DirectorRun?[] _runs = new DirectorRun?[3];

    /// <param name="lvs">What director i has inside <c>lvs { }</c> besides admin and cluster: its data plane and services.</param>
    public LoopbackDirectors(Func<int, string> lvs) => _lvs = lvs;

    /// <summary>The running process of director i (0, 1, 2); fails when it was killed and not started again.</summary>
    public DirectorRun this[int i] => _runs[i] ?? throw new InvalidOperationException($"director {i + 1} is not running");

    /// <summary>The folder of director i's replicated intent store (intent.db).</summary>
    public string IntentDir(int i) => _scratch.File($"d{i + 1}/intent");

    /// <summary>Starts director i on its file; the previous process, if any, must have been killed.</summary>
    public DirectorRun Start(int i) => _runs[i] = new DirectorRun(ConfigOf(i), "10m");

    /// <summary>SIGKILL: no shutdown of the actor system, no goodbye to the cluster, nothing flushed.</summary>
    public void Kill(int i)
    {
        _runs[i]?.Dispose();
        _runs[i] = null;
    }

    /// <summary>An admin API client of director i with the write token.</summary>
    public HttpClient Client(int i)
    {
        var client = new HttpClient { BaseAddress = this[i].ApiAddress(), Timeout = TimeSpan.FromSeconds(20) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return client;
    }

    /// <summary>What director i's intent says of one real server (GET /api/v1/admin), or null when it says nothing.</summary>
    public async Task<JsonElement?> IntentOf(int i, string service, string realServer)
    {
        using var client = Client(i);
        var json = JsonDocument.Parse(await client.GetStringAsync("api/v1/admin")).RootElement;
        return json.GetProperty("intent").TryGetProperty(service, out var s) && s.GetProperty("realServers").TryGetProperty(realServer, out var rs)
            ? rs.Clone()
            : null;
    }

    /// <summary>True when director i's intent has a drain (pending or completed) for the real server.</summary>
    public async Task<bool> Drained(int i, string service, string realServer) =>
        await IntentOf(i, service, realServer) is { } rs && rs.TryGetProperty("drain", out var drain) && drain.ValueKind == JsonValueKind.Object;

    /// <summary>How many members director i sees Up and reachable (GET /api/v1/status).</summary>
    public async Task<int> UpMembers(int i)
    {
        using var client = Client(i);
        var json = JsonDocument.Parse(await client.GetStringAsync("api/v1/status")).RootElement;
        return json.GetProperty("director").GetProperty("cluster").GetProperty("status") is { ValueKind: JsonValueKind.Object } status
            ? status.GetProperty("members").EnumerateArray().Count(m => m.GetProperty("status").GetString() == "Up" && m.GetProperty("reachable").GetBoolean())
            : 0;
    }

    private string ConfigOf(int i)
    {
        var seeds = string.Join(", ", _akkaPorts.Select(p => $"\"akka.tcp://lvs@127.0.0.1:{p}\""));
        var path = _scratch.File($"d{i + 1}.conf");
        File.WriteAllText(path, $$"""
            akka {
              actor.provider = cluster
              remote.dot-netty.tcp { hostname = "127.0.0.1", port = {{_akkaPorts[i]}} }
              cluster {
                seed-nodes = [{{seeds}}]
                roles = [director]
                downing-provider-class = "LvsActors.Director.Leadership.KeepMajorityDowningProvider, LvsActors.Director"
              }
            }
            lvs {
              {{_lvs(i)}}
              admin {
                journal { provider = sqlite, path = "{{_scratch.File($"d{i + 1}/admin.db")}}" }
                replication { dir = "{{IntentDir(i)}}", write-timeout = 2s }
                api { bind = "127.0.0.1:0", token = "{{Token}}" }
              }
              cluster.tls.insecure = on
              cluster.vips = [ { address = "192.0.2.100/24", interface = eth0 } ]
            }
            """);
        return path;
    }

    public void Dispose()
    {
        for (var i = 0; i < _runs.Length; i++)
        {
            Kill(i);
        }
        _scratch.Dispose();
    }
}
