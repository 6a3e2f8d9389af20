namespace LvsActors.Cli.Tests;

/// <summary><c>lvsactors run</c> end to end on the dry-run data plane: checks, SIGHUP reloads, SIGTERM.</summary>
public sealed class RunCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lvs-run-").FullName;

    // A port of its own: the admin API's default, 9180, is the demo's too, and the test classes run side by side.
    private readonly ushort _apiPort = LoopbackPort.Free();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string WriteConfig(string realServers, string scheduler = "rr")
    {
        var path = Path.Combine(_folder, "director.conf");
        File.WriteAllText(path, $$"""
            lvs {
              data-plane = dry-run
              admin { journal { provider = sqlite, path = "{{Path.Combine(_folder, "admin.db")}}" }, api.bind = "127.0.0.1:{{_apiPort}}" }
              virtual-services.web {
                address = "127.0.0.1:18095"
                scheduler = {{scheduler}}
                delay-loop = 500ms
                real-servers = [ {{realServers}} ]
              }
            }
            """);
        return path;
    }

    [Fact]
    public void A_sighup_during_start_up_is_applied_once_the_director_runs_not_fatal()
    {
        // SIGHUP's default action ends a process: one that arrived before the handler (or before the actors) killed
        // the director, or failed, depending on when it came.
        var config = WriteConfig("""{ address = "127.0.0.1:9101" }""");
        using var director = new RunningDirector("run", "--config", config);
        director.WaitFor("Director starting with");
        WriteConfig("""{ address = "127.0.0.1:9101" }""", scheduler: "wrr");
        director.Signal("HUP");

        director.WaitFor("add service 127.0.0.1:18095/TCP wrr");
        Assert.True(director.IsAlive, "the director ended on a SIGHUP during start-up");
        Assert.Contains(director.Lines, l => l.Contains("Reloaded: "));
        director.Signal("TERM");
        Assert.Equal(0, director.WaitForExit());
    }

    [Fact]
    public void Runs_checks_reloads_on_sighup_keeps_running_on_a_broken_file_and_stops_on_sigterm()
    {
        var config = WriteConfig("""{ address = "127.0.0.1:9101" }""");
        using var director = new RunningDirector("run", "--config", config);
        director.WaitFor("add 127.0.0.1:9101 to 127.0.0.1:18095/TCP weight 1");

        WriteConfig("""{ address = "127.0.0.1:9101" }, { address = "127.0.0.1:9102", weight = 3 }""");
        var mark = director.Lines.Count;
        director.Signal("HUP");
        director.WaitFor("1 changed, 0 removed, 0 unchanged", mark);
        director.WaitFor("add 127.0.0.1:9102 to 127.0.0.1:18095/TCP weight 3", mark);

        WriteConfig("""{ address = "127.0.0.1:9101", weight = 70000 }""");
        mark = director.Lines.Count;
        director.Signal("HUP");
        director.WaitFor("Reload refused, the running configuration stays: " + config + ":8: lvs.virtual-services.web.real-servers[0].weight: 70000 is out of range", mark);

        director.Signal("TERM");
        Assert.Equal(0, director.WaitForExit());
        Assert.Contains(director.Lines, l => l.Contains("Director stopping; the table stays as it is until the next start reconciles it"));
        Assert.DoesNotContain(director.Lines, l => l.Contains("remove 127.0.0.1:9102"));
    }

    [Fact]
    public void Sigterm_reaches_the_directors_own_handler_which_gives_up_the_vips_before_anything_else()
    {
        // Three handlers once ran for SIGTERM in no fixed order, each holding the one thread that runs them:
        // System.CommandLine's (up to 2 s, waiting for the command), Akka.NET's exit hook, the director's. In the
        // kernel lab a stopped owner's lease lapsed behind them and its graceful hand-over became a crash failover.
        var port = LoopbackPort.Free();
        var path = Path.Combine(_folder, "cluster.conf");
        File.WriteAllText(path, $$"""
            akka {
              actor.provider = cluster
              remote.dot-netty.tcp { hostname = "127.0.0.1", port = {{port}} }
              cluster { seed-nodes = [ "akka.tcp://lvs@127.0.0.1:{{port}}" ], roles = [director] }
            }
            lvs {
              data-plane = dry-run
              cluster { vips = [ { address = "192.0.2.201/24", interface = lo } ], tls.insecure = on }
              fencing.expected-voters = 1
              admin { journal { provider = sqlite, path = "{{Path.Combine(_folder, "admin.db")}}" }, api.bind = "127.0.0.1:{{_apiPort}}" }
              virtual-services.web { address = "192.0.2.201:80", real-servers = [ { address = "127.0.0.1:9101" } ] }
            }
            """);
        using var director = new RunningDirector("run", "--config", path);
        director.WaitFor("Took the VIPs 192.0.2.201/24 dev lo", within: TimeSpan.FromSeconds(60));

        var mark = director.Lines.Count;
        director.Signal("TERM");
        Assert.Equal(0, director.WaitForExit());

        var after = director.Lines.Skip(mark).ToList();
        var handled = after.FindIndex(l => l.Contains("SIGTERM: stopping; the VIPs go first"));
        var released = after.FindIndex(l => l.Contains("Gave up the VIPs of epoch") && l.Contains("shutting down"));
        Assert.True(handled >= 0, "the director's own SIGTERM handler never ran:\n" + string.Join("\n", after));
        Assert.True(released > handled, "the VIPs were not given up on the way out after the handler:\n" + string.Join("\n", after));
        Assert.DoesNotContain(after, l => l.Contains("CLR termination hook"));
    }

    [Fact]
    public void Reloads_on_sighup_when_started_under_nohup()
    {
        // nohup hands the director SIGHUP as ignored, which .NET would then never deliver: the reload was silently lost.
        var config = WriteConfig("""{ address = "127.0.0.1:9101" }""");
        using var director = RunningDirector.UnderNohup("run", "--config", config);
        director.WaitFor("add 127.0.0.1:9101 to 127.0.0.1:18095/TCP weight 1");
        Assert.Contains(director.Lines, l => l.Contains("SIGHUP was inherited as ignored"));

        WriteConfig("""{ address = "127.0.0.1:9101", weight = 4 }""");
        var mark = director.Lines.Count;
        director.Signal("HUP");
        director.WaitFor("edit 127.0.0.1:9101 in 127.0.0.1:18095/TCP weight 4", mark);
        director.Signal("TERM");
        Assert.Equal(0, director.WaitForExit());
    }

    [Fact]
    public void Refuses_to_start_on_an_invalid_file()
    {
        var config = WriteConfig("""{ address = "127.0.0.1:9101" }""", scheduler: "wrrr");
        var run = Lvsactors.Invoke("run", "--config", config);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("unknown scheduler \"wrrr\"", run.Stderr);
    }
}
