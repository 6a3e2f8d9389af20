using System.Diagnostics;
using System.Text.Json;

namespace LvsActors.Cli.Tests;

/// <summary>
/// An active-active director announcing its VIP by BGP through a real BIRD 2, to a real router, on this host's kernel:
/// two network namespaces the test makes, joined by a veth pair — "router" (192.0.2.1, its own BIRD taking the VIP's
/// route into its kernel table, BFD on, and a real server on 192.0.2.1:8080) and "director" (192.0.2.11: BIRD with the
/// include the director writes, and `lvsactors run` with the userspace proxy). The router's kernel route to the VIP is
/// the judge: it must come once the real server is checked up, go on `director-drain` and come back on `--undo`, go
/// when the real server dies and come back when it returns, go on SIGTERM, and go by itself when the director is
/// killed (the address's lifetime runs out unrenewed). A client in the router's namespace fetches through the VIP.
/// </summary>
public sealed class ActiveActiveBgpTests : IDisposable
{
    private const string Vip = "203.0.113.100";
    private const string Token = "active-active-test-token";
    private readonly string _id = Guid.NewGuid().ToString("N")[..8];
    private readonly string _router;
    private readonly string _director;
    private readonly string _folder = Directory.CreateTempSubdirectory("lvs-aa-").FullName;
    private readonly List<Process> _background = [];

    public ActiveActiveBgpTests()
    {
        Assert.True(File.Exists("/usr/sbin/bird"), "/usr/sbin/bird is missing: install Debian's bird2 (deploy/test-tools.sh does)");
        (_router, _director) = ("lvs-aa-r-" + _id, "lvs-aa-d-" + _id);
        Ip($"netns add {_router}");
        Ip($"netns add {_director}");
        Ip($"link add aa{_id}r type veth peer name aa{_id}d");
        Ip($"link set aa{_id}r netns {_router} name eth0");
        Ip($"link set aa{_id}d netns {_director} name eth0");
        Ip($"-n {_router} addr add 192.0.2.1/24 dev eth0");
        Ip($"-n {_director} addr add 192.0.2.11/24 dev eth0");
        foreach (var ns in new[] { _router, _director })
        {
            Ip($"-n {ns} link set eth0 up");
            Ip($"-n {ns} link set lo up");
        }
    }

    [Fact]
    public async Task The_router_learns_the_vip_while_the_director_can_serve_it_and_loses_it_on_drain_failure_stop_and_death()
    {
        StartRouterBird();
        var realServer = StartRealServer();
        var include = Path.Combine(_folder, "lvsactors.conf");
        File.WriteAllText(include, "# the director writes this\n");
        StartBackground(_director, "bird", "-f", "-c", WriteFile("director-bird.conf", $"log stderr all;\nprotocol device {{ }}\ninclude \"{include}\";\n"),
            "-s", Path.Combine(_folder, "director-bird.ctl"), "-P", Path.Combine(_folder, "director-bird.pid"));
        var (akkaPort, apiPort) = (LoopbackPort.Free(), LoopbackPort.Free());
        var config = WriteDirectorConfig(include, akkaPort, apiPort);

        using (var director = RunningDirector.InNamespace(_director, "run", "--config", config))
        {
            director.WaitFor("Admin API listening on", within: TimeSpan.FromSeconds(60));
            director.WaitFor("BIRD re-read", within: TimeSpan.FromSeconds(30));
            await RouteIs(true, "after the director started with a live real server", director);
            Assert.Equal("rs1", Fetch());
            Assert.Contains("protocol bgp lvs_router1", File.ReadAllText(include));
            // The operator's view: the mode, that this director announces, and its session as BIRD lists it.
            var status = Cli("status", apiPort);
            Assert.True(status.ExitCode == 0, status.Stderr);
            Assert.Contains("Mode: active-active", status.Stdout);
            Assert.Contains("This node: announces the VIPs", status.Stdout);
            Assert.Matches(@"BGP lvs_router1: up Established", status.Stdout);

            Assert.Equal(0, Cli("director-drain", apiPort).ExitCode);
            await RouteIs(false, "after director-drain", director);
            var drained = JsonDocument.Parse(Cli("director-drain", apiPort, "--json").Stdout).RootElement;
            Assert.True(drained.GetProperty("drained").GetBoolean());
            Assert.Equal(0, drained.GetProperty("announced").GetArrayLength());

            Assert.Equal(0, Cli("director-drain", apiPort, "--undo").ExitCode);
            await RouteIs(true, "after director-drain --undo", director);

            // The only real server dies: no service can take the VIP's traffic, so the VIP is withdrawn.
            realServer.Kill();
            await RouteIs(false, "after the only real server died", director);
            realServer = StartRealServer();
            await RouteIs(true, "after the real server came back", director);
            Assert.Equal("rs1", Fetch());

            director.Signal("TERM");
            await RouteIs(false, "after SIGTERM", director);
            director.WaitForExit(TimeSpan.FromSeconds(30));
        }

        // A director killed outright renews nothing: the address's lifetime (vip-lifetime 2 s) ends, BIRD withdraws.
        using (var director = RunningDirector.InNamespace(_director, "run", "--config", config))
        {
            await RouteIs(true, "after a second start", director);
            director.Signal("KILL");
            var killed = Stopwatch.StartNew();
            await RouteIs(false, "after SIGKILL, by the address's lifetime alone", director);
            Assert.True(killed.Elapsed < TimeSpan.FromSeconds(15), $"the route outlived the killed director by {killed.Elapsed}");
        }
    }

    public void Dispose()
    {
        foreach (var process in _background)
        {
            try
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
            catch (InvalidOperationException)
            {
            }
            process.Dispose();
        }
        Run("ip", $"netns del {_router}");
        Run("ip", $"netns del {_director}");
        Directory.Delete(_folder, recursive: true);
    }

    private void StartRouterBird()
    {
        var conf = WriteFile("router-bird.conf", """
            log stderr all;
            router id 192.0.2.1;
            protocol device { scan time 1; }
            protocol kernel { ipv4 { import none; export all; }; merge paths on; }
            protocol bfd { interface "eth0" { min rx interval 100 ms; min tx interval 100 ms; multiplier 3; }; }
            protocol bgp d1 {
              local 192.0.2.1 as 65000; neighbor 192.0.2.11 as 65001; bfd on;
              hold time 9; keepalive time 3; connect delay time 1; connect retry time 3; error wait time 1, 10;
              ipv4 { import where net ~ [ 203.0.113.0/24{32,32} ]; export none; };
            }
            """);
        StartBackground(_router, "bird", "-f", "-c", conf, "-s", Path.Combine(_folder, "router-bird.ctl"), "-P", Path.Combine(_folder, "router-bird.pid"));
    }

    private Process StartRealServer() =>
        StartBackground(_router, "python3", Path.Combine(RepositoryRoot, "deploy", "lab", "name-server.py"), "rs1", "8080", "192.0.2.1");

    private string WriteDirectorConfig(string include, int akkaPort, int apiPort) => WriteFile("director.conf", $$"""
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
          data-plane = userspace
          admin {
            journal { provider = sqlite, path = "{{Path.Combine(_folder, "admin.db")}}" }
            api { bind = "127.0.0.1:{{apiPort}}", token = "{{Token}}" }
          }
          cluster {
            mode = active-active
            tls.insecure = on
            vips = [ { address = "{{Vip}}/32" } ]
            bgp {
              local-as = 65001
              vip-interface = lo      # this host's kernel has no dummy devices
              router-id = 192.0.2.11
              routers = [ { address = 192.0.2.1, as = 65000 } ]
              config-file = "{{include}}"
              control-socket = "{{Path.Combine(_folder, "director-bird.ctl")}}"
            }
          }
          virtual-services.web {
            address = "{{Vip}}:80"
            scheduler = mh
            delay-loop = 1s
            real-servers = [ { address = "192.0.2.1:8080", checks = [ { type = tcp, connect-timeout = 1s } ] } ]
          }
        }
        """);

    // The router's kernel route to the VIP (BIRD's kernel protocol exports what BGP brought), polled every 100 ms.
    private async Task RouteIs(bool present, string when, RunningDirector director)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(45))
        {
            var route = Run("ip", $"-n {_router} route show {Vip}/32").Stdout.Trim();
            if (route.Contains("via 192.0.2.11", StringComparison.Ordinal) == present)
            {
                return;
            }
            await Task.Delay(100);
        }
        Assert.Fail($"the router {(present ? "has no" : "still has a")} route to {Vip} {when}; the director logged:\n{string.Join("\n", director.Lines.TakeLast(40))}");
    }

    // GET http://VIP/ from the router's namespace: through the BGP route, the director's proxy, to the real server.
    private string Fetch()
    {
        var result = Run("ip", ["netns", "exec", _router, "python3", "-c", $"import urllib.request; print(urllib.request.urlopen('http://{Vip}/', timeout=5).read().decode().strip())"]);
        Assert.True(result.ExitCode == 0, $"fetching through the VIP failed: {result.Stderr}");
        return result.Stdout.Trim();
    }

    private CliResult Cli(string command, int apiPort, params string[] extra) =>
        Run("ip", ["netns", "exec", _director, "dotnet", Lvsactors.Assembly, command, "--api", $"http://127.0.0.1:{apiPort}", "--token", Token, .. extra]);

    private Process StartBackground(string ns, params string[] command)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "netns", "exec", ns }.Concat(command))
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _background.Add(process);
        return process;
    }

    private string WriteFile(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static string RepositoryRoot
    {
        get
        {
            var folder = new DirectoryInfo(AppContext.BaseDirectory);
            while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "LvsActors.sln")))
            {
                folder = folder.Parent;
            }
            return folder?.FullName ?? throw new DirectoryNotFoundException("LvsActors.sln not found above " + AppContext.BaseDirectory);
        }
    }

    private static void Ip(string args)
    {
        var result = Run("ip", args);
        Assert.True(result.ExitCode == 0, $"ip {args}: {result.Stderr}");
    }

    private static CliResult Run(string file, string args) => Run(file, args.Split(' ', StringSplitOptions.RemoveEmptyEntries), args);

    private static CliResult Run(string file, string[] args) => Run(file, args, string.Join(' ', args));

    private static CliResult Run(string file, IReadOnlyList<string> args, string shown)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {shown} did not exit within 60 s");
        }
        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}
