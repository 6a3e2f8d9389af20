using System.CommandLine;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Akka.Actor;
using LvsActors.Cli.Demo;
using LvsActors.Configuration;
using LvsActors.Director;
using LvsActors.Director.Actors;
using LvsActors.Director.Checks;
using LvsActors.Director.Notify;
using LvsActors.Model;

namespace LvsActors.Cli.Commands;

/// <summary>
/// <c>lvsactors demo</c>: a director on 127.0.0.1 with three built-in HTTP real servers, on the userspace data plane,
/// so it runs anywhere. The user curls the VIP, sees which server answered, and stops a server to watch the health
/// checks take it out and put it back.
/// </summary>
internal static class DemoCommand
{
    private static readonly Option<ushort> Port = new("--port") { Description = "The VIP's port on 127.0.0.1", DefaultValueFactory = _ => 8080 };
    private static readonly Option<ushort> AdminPort = new("--admin-port") { Description = "The status page's and admin API's port on 127.0.0.1 (another free one when it is taken)", DefaultValueFactory = _ => 9180 };
    private static readonly Option<TimeSpan?> For = GlobalOptions.Duration("--for", "Stop by itself after this long (e.g. 30s)");

    public static Command Create()
    {
        var command = new Command("demo", "Balance three built-in HTTP servers on 127.0.0.1 and watch health checks at work") { Port, AdminPort, For };
        command.SetAction(async (parse, cancellation) =>
        {
            var output = TextWriter.Synchronized(Console.Out);
            var servers = new[] { "rs1", "rs2", "rs3" }.Select(n => new DemoRealServer(n, (name, client) => output.WriteLine($"{name} answered {client}"))).ToList();
            var vip = $"127.0.0.1:{parse.GetValue(Port)}";
            // The demo's operator intent lives and dies with it: a journal of its own, never the service's /var/lib/lvsactors.
            using var scratch = new DemoScratch();
            var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            var loaded = LvsConfigLoader.Load(DemoConfig(vip, servers, scratch.Journal, token, DemoAdminApi.PortOrAnother(parse.GetValue(AdminPort))), "demo.conf");
            if (!loaded.IsValid)
            {
                loaded.Errors.ToList().ForEach(e => Console.Error.WriteLine(e));
                return ExitCodes.Invalid;
            }
            using var log = GlobalOptions.Logger(parse, loaded.Value!.Log, queued: true);
            Serilog.Log.Logger = log;
            // This command made the data plane, so it disposes it, after the director and its actors have stopped.
            await using var dataPlane = DataPlaneChoice.Create(DataPlaneKind.Userspace, log);
            if (dataPlane is null)
            {
                return ExitCodes.Failed;
            }
            var services = new DirectorServices(HealthCheckers.Create, new ProcessNotifier(TimeSpan.FromSeconds(5), log));
            await using var host = DirectorHost.Start(loaded.Value!, loaded.Document, dataPlane, services, parse.GetValue(GlobalOptions.LogLevel) ?? LogLevel.Warning);
            await using var api = await DemoAdminApi.StartAsync(host, dataPlane, log, output);
            host.System.ActorOf(DemoObserver.Props(port => servers.FirstOrDefault(s => s.Port == port)?.Name ?? "sorry", output.WriteLine), "demo-observer");
            output.WriteLine($"""
                LvsActors demo: a director on {vip} balancing three real servers (wrr, weights 3:2:1),
                each checked over TCP every second; the userspace data plane, so no root and no IPVS needed.
                  Try:   curl http://{vip}/      or   for i in $(seq 6); do curl -s http://{vip}/; done
                  Keys:  1, 2 or 3 stops or starts that real server; t prints the table; q quits.
                  Status page: {api?.Address.ToString() ?? "(the admin API could not start)"}  (its drain, restore and weight buttons ask for the token {token})
                """);
            var stop = new TaskCompletionSource();
            // Its own handlers: System.CommandLine's are off (RootCommandLine), so the action's token never fires.
            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Quit);
            using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Quit);
            _ = Task.Run(() => ReadKeys(servers, host, output, stop));
            var limit = parse.GetValue(For) is { } duration ? Task.Delay(duration, CancellationToken.None) : Task.Delay(Timeout.Infinite, CancellationToken.None);
            await Task.WhenAny(stop.Task, limit);
            output.WriteLine("Demo stopping.");
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
            return ExitCodes.Ok;

            void Quit(PosixSignalContext context)
            {
                context.Cancel = true;
                stop.TrySetResult();
            }
        });
        return command;
    }

    private static string DemoConfig(string vip, IReadOnlyList<DemoRealServer> servers, string journal, string token, ushort adminPort) => $$"""
        lvs {
          data-plane = userspace
          log.level = warning
          admin.journal.path = "{{journal}}"
          admin.api { bind = "127.0.0.1:{{adminPort}}", token = "{{token}}" }
          virtual-services.demo {
            address = "{{vip}}"
            scheduler = wrr
            delay-loop = 1s
            retry = 1
            delay-before-retry = 500ms
            connect-timeout = 1s
            warmup = 0s
            real-servers = [
              {{string.Join("\n      ", servers.Select((s, i) => $"{{ address = \"127.0.0.1:{s.Port}\", weight = {3 - i}, checks = [ {{ type = tcp }} ] }}"))}}
            ]
          }
        }
        """;

    /// <summary>Keys from a terminal, or lines from a pipe (so a script can drive the demo).</summary>
    private static void ReadKeys(IReadOnlyList<DemoRealServer> servers, DirectorHost host, TextWriter output, TaskCompletionSource stop)
    {
        while (!stop.Task.IsCompleted)
        {
            char key;
            if (Console.IsInputRedirected)
            {
                var line = Console.In.ReadLine();
                if (line is null)
                {
                    return;
                }
                key = line.Trim().FirstOrDefault();
            }
            else
            {
                key = Console.ReadKey(intercept: true).KeyChar;
            }
            switch (key)
            {
                case >= '1' and <= '3':
                    var server = servers[key - '1'];
                    if (server.Running)
                    {
                        server.Stop();
                        output.WriteLine($"{server.Name} stopped: its port refuses now; watch the checks take it out.");
                    }
                    else
                    {
                        server.Restart();
                        output.WriteLine($"{server.Name} started again; watch the checks put it back.");
                    }
                    break;
                case 't':
                    var table = host.Director.Ask<AppliedTable>(GetAppliedTable.Instance, TimeSpan.FromSeconds(5)).Result;
                    output.Write(Rendering.IpvsadmSave.Render(table.Services.Values));
                    break;
                case 'q':
                    stop.TrySetResult();
                    return;
            }
        }
    }

}
