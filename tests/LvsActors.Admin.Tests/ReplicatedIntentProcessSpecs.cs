using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace LvsActors.Admin.Tests;

/// <summary>
/// Three real <c>lvsactors run</c> processes on loopback (dry-run data plane), a cluster of three seed nodes with
/// replicated intent and no database server. Crashes are SIGKILL (<see cref="DirectorRun.Dispose"/>).
/// </summary>
public sealed class ReplicatedIntentProcessSpecs : IDisposable
{
    private const string Token = "intent-spec-token";
    private const string Drain = "api/v1/services/web/real-servers/198.51.100.11:80/drain";
    private readonly ScratchFolder _scratch = new();
    private readonly int[] _akkaPorts = [LoopbackPort.Free(), LoopbackPort.Free(), LoopbackPort.Free()];
    private readonly DirectorRun?[] _runs = new DirectorRun?[3];

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
              data-plane = dry-run
              admin {
                journal { provider = sqlite, path = "{{_scratch.File($"d{i + 1}/admin.db")}}" }
                replication { dir = "{{_scratch.File($"d{i + 1}/intent")}}", write-timeout = 2s }
                api { bind = "127.0.0.1:0", token = "{{Token}}" }
              }
              cluster.tls.insecure = on
              cluster.vips = [ { address = "192.0.2.100/24", interface = eth0 } ]
              virtual-services.web {
                address = "192.0.2.100:80"
                scheduler = rr
                real-servers = [ { address = "198.51.100.11:80" }, { address = "198.51.100.12:80" } ]
              }
            }
            """);
        return path;
    }

    private DirectorRun Run(int i) => _runs[i] = new DirectorRun(ConfigOf(i), "10m");

    private static HttpClient Client(DirectorRun run)
    {
        var client = new HttpClient { BaseAddress = run.ApiAddress(), Timeout = TimeSpan.FromSeconds(20) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return client;
    }

    private static async Task<bool> Drained(DirectorRun run)
    {
        using var client = Client(run);
        var json = JsonDocument.Parse(await client.GetStringAsync("api/v1/admin")).RootElement;
        return json.GetProperty("intent").TryGetProperty("web", out var web)
            && web.GetProperty("realServers").TryGetProperty("198.51.100.11:80", out var rs)
            && rs.GetProperty("drain").ValueKind == JsonValueKind.Object;
    }

    private void Kill(int i)
    {
        _runs[i]!.Dispose();
        _runs[i] = null;
    }

    [Fact]
    public async Task A_drain_through_director_2_survives_sigkill_of_each_director_and_of_all_three_and_a_majority_outage_refuses_writes()
    {
        for (var i = 0; i < 3; i++)
        {
            Run(i);
        }
        foreach (var run in _runs)
        {
            run!.WaitFor("Admin state loaded from the replicated intent", 120);
        }
        using (var two = Client(_runs[1]!))
        {
            HttpResponseMessage? drained = null;
            // The cluster forms after the processes start: until a majority is up the write is refused, and says so.
            await TestDirector.Eventually(() => (drained = two.PostAsync(Drain, null).Result).StatusCode == HttpStatusCode.OK, "the drain through director 2 accepted", 90);
        }
        foreach (var run in _runs)
        {
            await TestDirector.Eventually(() => Drained(run!).Result, "every director shows the drain", 30);
        }

        for (var i = 0; i < 3; i++)
        {
            Kill(i);
            var restarted = Run(i);
            restarted.WaitFor("Admin state loaded from the replicated intent at version", 120);
            Assert.True(await Drained(restarted), $"director {i + 1} lost the drain across SIGKILL and restart");
            // The drained server was never programmed at its configured weight by the restarted director.
            Assert.DoesNotContain(restarted.Lines, l => l.Contains("add 198.51.100.11:80 to 192.0.2.100:80/TCP weight 1"));
        }

        for (var i = 0; i < 3; i++)
        {
            Kill(i);
        }
        for (var i = 0; i < 3; i++)
        {
            Run(i);
        }
        foreach (var run in _runs)
        {
            run!.WaitFor("Admin state loaded from the replicated intent at version", 120);
            Assert.True(await Drained(run));
        }

        Kill(0);
        Kill(2);
        using var survivor = Client(_runs[1]!);
        var refused = await survivor.PostAsync("api/v1/services/web/real-servers/198.51.100.12:80/drain", null);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Contains("nothing was changed", await refused.Content.ReadAsStringAsync());
        Assert.True(await Drained(_runs[1]!));
    }

    public void Dispose()
    {
        foreach (var run in _runs)
        {
            run?.Dispose();
        }
        _scratch.Dispose();
    }
}
