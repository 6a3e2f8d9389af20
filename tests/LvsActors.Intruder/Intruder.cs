using System.Net;
using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Remote.Transport.DotNetty;
using LvsActors.Director;
using LvsActors.Director.Leadership;
using LvsActors.Director.Notify;
using LvsActors.Model;

namespace LvsActors.Intruder;

/// <summary>
/// A process that wants the VIPs: the right system name (lvs) and the directors' seeds, role director, priority 255
/// and preemption, our own leadership actors — but no certificate (a plain akka.tcp transport), or a certificate the
/// cluster should not accept. It trusts whatever the directors present, so only their check can keep it out.
/// </summary>
internal sealed class Intruder
{
    private readonly ActorSystem _system;
    private readonly RecordingVipSink _sink;

    private Intruder(ActorSystem system, RecordingVipSink sink)
    {
        (_system, _sink) = (system, sink);
    }

    private Akka.Cluster.Cluster Cluster => Akka.Cluster.Cluster.Get(_system);

    /// <summary>This process's remoting address.</summary>
    public Address SelfAddress => Cluster.SelfAddress;

    /// <summary>Starts it and lets it join the seeds; <paramref name="certificate"/> null means no TLS at all.</summary>
    public static Intruder Start(IEnumerable<string> seeds, X509Certificate2? certificate)
    {
        var config = ConfigurationFactory.ParseString($$"""
            akka {
              actor.provider = cluster
              remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0, enable-ssl = {{(certificate is null ? "off" : "on")}} }
              cluster {
                seed-nodes = [{{string.Join(", ", seeds.Select(s => $"\"{s}\""))}}]
                roles = [director]
                seed-node-timeout = 1s
                retry-unsuccessful-join-after = 1s
              }
              loglevel = WARNING
              stdout-loglevel = OFF
            }
            lvs.fencing.expected-voters = 1
            """).WithFallback(DirectorSettings.Reference);
        var bootstrap = BootstrapSetup.Create().WithConfig(config);
        var setup = certificate is null
            ? ActorSystemSetup.Create(bootstrap)
            : bootstrap.And(new DotNettySslSetup(certificate, suppressValidation: true, requireMutualAuthentication: true));
        var system = ActorSystem.Create("lvs", setup);
        var sink = new RecordingVipSink("intruder");
        var settings = ClusterSettings.Default with
        {
            Priority = 255,
            Preempt = true,
            ExpectedVoters = 1,
            Vips = new ValueList<Vip>([new Vip(IPAddress.Parse("192.0.2.100"), 24, "eth0")]),
        };
        LeadershipNode.Start(system, settings, sink, Silent.Instance, [], []);
        return new Intruder(system, sink);
    }

    /// <summary>What it sees of itself now.</summary>
    public View View() => new(
        Cluster.State.Members.Any(m => m.Address == Cluster.SelfAddress),
        _sink.Holds,
        _sink.Timeline.Any(e => e.Action == VipAction.Claimed));

    private sealed class Silent : INotifier
    {
        public static readonly Silent Instance = new();

        public void Run(NotifyCommand command, IReadOnlyDictionary<string, string> environment)
        {
        }
    }
}
