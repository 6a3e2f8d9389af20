using System.Diagnostics;
using System.Text.Json;

namespace LvsActors.Cli.Tests;

/// <summary>
/// <c>lvsactors status</c> against a real one-node cluster (dry-run data plane, Akka.Remote on loopback, seed = itself):
/// the admin API's cluster section and its text rendering.
/// </summary>
public sealed class ClusterStatusTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lvs-cluster-status-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string WriteConfig(int akkaPort, int apiPort)
    {
        var path = Path.Combine(_folder, "director.conf");
        File.WriteAllText(path, $$"""
            akka {
              actor.provider = cluster
              remote.dot-netty.tcp { hostname = "127.0.0.1", port = {{akkaPort}} }
              cluster {
                seed-nodes = ["akka.tcp://lvs@127.0.0.1:{{akkaPort}}"]
                roles = [director]
                downing-provider-class = "LvsActors.Director.Leadership.KeepMajorityDowningProvider, LvsActors.Director"
              }
            }
            lvs {
              data-plane = dry-run
              admin {
                journal { provider = sqlite, path = "{{Path.Combine(_folder, "admin.db")}}" }
                api.bind = "127.0.0.1:{{apiPort}}"
              }
              cluster.vips = [ { address = "192.0.2.100/24", interface = eth0 } ]
              cluster.tls.insecure = on
              virtual-services.web {
                address = "192.0.2.100:80"
                scheduler = rr
                real-servers = [ { address = "127.0.0.1:9101" } ]
              }
            }
            """);
        return path;
    }

    [Fact]
    public async Task Status_shows_the_members_with_roles_the_vip_owner_with_its_epoch_and_that_this_node_holds_the_vips()
    {
        var (akkaPort, apiPort) = (LoopbackPort.Free(), LoopbackPort.Free());
        var config = WriteConfig(akkaPort, apiPort);
        using var director = new RunningDirector("run", "--config", config);
        director.WaitFor("VIPs are not put on interfaces with the dry-run data plane");
        director.WaitFor("Admin API listening on");
        var self = $"akka.tcp://lvs@127.0.0.1:{akkaPort}";

        // The VipOwner singleton starts once the node is Up and grants the VIPs a moment later.
        JsonElement cluster = default;
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var json = Lvsactors.Invoke("status", "--config", config, "--json");
            Assert.True(json.ExitCode == 0, json.Stderr);
            cluster = JsonDocument.Parse(json.Stdout).RootElement.GetProperty("director").GetProperty("cluster");
            if (cluster.GetProperty("status") is { ValueKind: JsonValueKind.Object } s
                && s.GetProperty("local") is { ValueKind: JsonValueKind.Object } local && local.GetProperty("holdingEpoch").ValueKind == JsonValueKind.Number)
            {
                break;
            }
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), "the node never took the VIPs; last answer:\n" + json.Stdout);
            await Task.Delay(200);
        }
        var status = cluster.GetProperty("status");
        var member = Assert.Single(status.GetProperty("members").EnumerateArray());
        Assert.Equal(self, member.GetProperty("address").GetString());
        Assert.Equal("Up", member.GetProperty("status").GetString());
        Assert.Equal(["director"], member.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.True(member.GetProperty("reachable").GetBoolean());
        Assert.Equal(self, status.GetProperty("ownership").GetProperty("owner").GetString());
        var epoch = status.GetProperty("ownership").GetProperty("epoch").GetInt64();
        Assert.Equal(epoch, status.GetProperty("local").GetProperty("holdingEpoch").GetInt64());

        var text = Lvsactors.Invoke("status", "--config", config);
        Assert.True(text.ExitCode == 0, text.Stderr);
        Assert.Contains($"cluster, as {self} sees it:", text.Stdout);
        Assert.Contains($"  VIP owner: {self} (epoch {epoch})", text.Stdout);
        Assert.Contains($"  This node: holds the VIPs (epoch {epoch})", text.Stdout);
        Assert.Contains("Up        yes        director (self) (leader) (owner)", text.Stdout);

        using var http = new HttpClient();
        var metrics = await http.GetStringAsync($"http://127.0.0.1:{apiPort}/metrics");
        Assert.Contains("\nlvs_vip_owner 1\n", metrics);
    }

    [Fact]
    public void A_cluster_status_that_timed_out_is_shown_as_unknown_with_the_reason_and_the_services_still_render()
    {
        var json = JsonDocument.Parse("""
            {"dataPlane":"dry-run","adminVersion":3,"adminError":null,"countersError":null,
             "cluster":{"status":null,"error":"the cluster status did not answer within 5s"}}
            """).RootElement;

        var text = Commands.StatusCommand.Render(json, []);

        Assert.Equal("director: dry-run data plane, admin version 3\n\ncluster: unknown (the cluster status did not answer within 5s)\n", text.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_director_that_is_no_cluster_member_shows_no_cluster_section()
    {
        var json = JsonDocument.Parse("""{"dataPlane":"ipvs","adminVersion":1,"adminError":null,"countersError":null,"cluster":null}""").RootElement;

        Assert.DoesNotContain("cluster", Commands.StatusCommand.Render(json, []));
    }
}
