using Akka.Actor;
using Akka.Configuration;
using Akka.Remote;
using Akka.Remote.Transport;
using LvsActors.Director.Leadership;
using LvsActors.Director.Notify;
using LvsActors.Model;
using ClusterSettings = LvsActors.Model.ClusterSettings;

namespace LvsActors.Cluster.Tests;

/// <summary>One cluster member in this process: its actor system on 127.0.0.1 (port 0), its recording VIP sink, its leadership actors.</summary>
internal sealed class TestNode
{
    private TestNode(string name, ActorSystem system, RecordingVipSink sink, LeadershipNode leadership, ClusterSettings settings)
    {
        (Name, System, Sink, Leadership, Settings) = (name, system, sink, leadership, settings);
    }

    /// <summary>The lvs.cluster settings it was started with (a rejoining incarnation starts with the same).</summary>
    public ClusterSettings Settings { get; }

    public string Name { get; }

    public ActorSystem System { get; }

    public RecordingVipSink Sink { get; }

    public LeadershipNode Leadership { get; }

    public Address Address => Akka.Cluster.Cluster.Get(System).SelfAddress;

    public Akka.Cluster.Cluster Cluster => Akka.Cluster.Cluster.Get(System);

    /// <param name="port">0 for any; a downed node's port for its next incarnation (a director rejoins on its address).</param>
    public static TestNode Start(string name, Config profile, ClusterSettings settings, IReadOnlyList<ITrack>? tracks = null, int port = 0)
    {
        var config = ConfigurationFactory.ParseString($$"""
            akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = {{port}}, applied-adapters = [trttl] }
            akka.cluster.seed-nodes = []
            # Joined by hand, so the seed-nodes default of the downing provider would be 1: say what the lease counts.
            lvs.fencing.expected-voters = {{settings.ExpectedVoters}}
            akka.cluster.roles = [{{(settings.Role == DirectorRole.Witness ? "witness" : "director")}}]
            # A crash is an abrupt stop: no leave, no release; graceful leave runs CoordinatedShutdown explicitly.
            akka.coordinated-shutdown.run-by-actor-system-terminate = off
            akka.loglevel = INFO
            akka.log-dead-letters = off
            akka.log-dead-letters-during-shutdown = off
            """).WithFallback(profile);
        var system = ActorSystem.Create("lvs", config);
        var sink = new RecordingVipSink(name);
        var leadership = LeadershipNode.Start(system, settings, sink, NoNotifier.Instance, tracks ?? [], []);
        return new TestNode(name, system, sink, leadership, settings);
    }

    /// <summary>Drops all traffic between this node and <paramref name="other"/>, both ways, on both ends.</summary>
    public async Task BlackholeAsync(TestNode other)
    {
        await Throttle(this, other, Blackhole.Instance);
        await Throttle(other, this, Blackhole.Instance);
    }

    /// <summary>Lets traffic between this node and <paramref name="other"/> flow again, both ways, where the systems still run.</summary>
    public async Task HealAsync(TestNode other)
    {
        await Throttle(this, other, Unthrottled.Instance);
        await Throttle(other, this, Unthrottled.Instance);
    }

    private static async Task Throttle(TestNode from, TestNode to, ThrottleMode mode)
    {
        if (from.System.WhenTerminated.IsCompleted)
        {
            return;
        }
        var transport = ((RemoteActorRefProvider)((ExtendedActorSystem)from.System).Provider).Transport;
        var target = new Address("akka", to.Address.System, to.Address.Host, to.Address.Port);
        try
        {
            Assert.True(await transport.ManagementCommand(new SetThrottle(target, ThrottleTransportAdapter.Direction.Both, mode)));
        }
        catch (AggregateException e) when (e.Flatten().InnerExceptions.All(inner => inner is AskTimeoutException))
        {
            // Akka's throttler records the mode for the address and sets every existing handle's outbound mode before it
            // asks each handle to ack its inbound mode; an inbound handle still waiting for its upstream listener (a
            // restarted incarnation associating at that moment) never answers, and the ask times out after 5 s (CI saw
            // it once). Both directions are cut or healed at the sending end already, and both ends are set by the
            // callers, so the command took effect; what timed out is only the straggler's ack.
        }
    }

    public override string ToString() => Name;

    private sealed class NoNotifier : INotifier
    {
        public static readonly NoNotifier Instance = new();

        public void Run(NotifyCommand command, IReadOnlyDictionary<string, string> environment)
        {
        }
    }
}
