using Akka.Actor;
using LvsActors.Configuration;
using LvsActors.Director;
using LvsActors.Director.Leadership;
using LvsActors.Director.Notify;
using LvsActors.Model;
using Serilog;

// The leadership part of a director, alone, for the kernel lab's failover scenario: joins the cluster named in the
// configuration and holds the VIPs through the kernel (rtnetlink, GARP, sync daemon). It prints one line per change
// of ownership, "vip claimed|released UNIX_MS EPOCH", for the scenario to time. The IPVS table is the scenario's.
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: lab-leader CONFIG");
    return 2;
}
var loaded = LvsConfigLoader.Load(File.ReadAllText(args[0]), args[0]);
if (!loaded.IsValid)
{
    Console.Error.WriteLine(string.Join('\n', loaded.Errors));
    return 2;
}
var log = new LoggerConfiguration().WriteTo.Console(standardErrorFromLevel: Serilog.Events.LogEventLevel.Verbose).CreateLogger();
var system = ActorSystem.Create("lvs", DirectorHost.ToAkkaConfig(loaded.Document).WithFallback(DirectorSettings.Reference));
using var kernel = new KernelVipSink(log);
LeadershipNode.Start(system, loaded.Value!.Cluster, new PrintingSink(kernel), new ProcessNotifier(TimeSpan.FromSeconds(10), log), []);
await system.WhenTerminated;
return 0;

/// <summary>Passes every call to the kernel and says on stdout when the VIPs came and went.</summary>
internal sealed class PrintingSink(IVipSink inner) : IVipSink
{
    public void Claim(long epoch, IReadOnlyList<Vip> vips)
    {
        inner.Claim(epoch, vips);
        Console.WriteLine($"vip claimed {DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()} {epoch}");
    }

    public void Release(long epoch, IReadOnlyList<Vip> vips)
    {
        inner.Release(epoch, vips);
        Console.WriteLine($"vip released {DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()} {epoch}");
    }

    public void Announce(IReadOnlyList<Vip> vips, int count) => inner.Announce(vips, count);

    public void SetSyncRole(SyncRole role, SyncDaemonSettings? settings) => inner.SetSyncRole(role, settings);
}
