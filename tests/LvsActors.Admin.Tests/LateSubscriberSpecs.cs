using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Tools.PublishSubscribe;
using LvsActors.Director;
using LvsActors.Director.Admin;
using LvsActors.Director.DataPlanes;
using LvsActors.Director.Intent;
using static LvsActors.Admin.Tests.TestDirector;

namespace LvsActors.Admin.Tests;

/// <summary>
/// Distributed pub-sub delivers a publish only to the subscriptions its mediator knows of at that moment: a director whose
/// subscription was still being gossiped missed a drain and kept the old weight until the next change (a clean-clone
/// CI run of ClusterFailoverSpecs). The singleton AdminState therefore publishes its intent again every
/// <see cref="AdminState.Republish"/>; a subscriber that arrives after the change still hears it.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class LateSubscriberSpecs : IAsyncLifetime
{
    private const string ClusterAkka = """
        actor.provider = cluster
        remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
        cluster { roles = [director], run-coordinated-shutdown-when-down = off }
        coordinated-shutdown.run-by-actor-system-terminate = off
        """;

    private DirectorHost? _host;

    public async Task InitializeAsync() => await PostgresJournal.RequireAsync();

    [Fact]
    public async Task A_subscriber_that_arrives_after_a_drain_hears_the_drain()
    {
        var text = Text(PostgresJournal.Journal, $"persistence-id = \"late-subscriber-{Guid.NewGuid():N}\", replication.enabled = off", ClusterAkka) + "\nlvs.cluster.tls.insecure = on\n";
        var plane = new DryRunDataPlane();
        _host = Start(text, plane);
        var cluster = Cluster.Get(_host.System);
        cluster.Join(cluster.SelfAddress);
        await Ready(_host.AdminState);
        Assert.IsType<AdminWriteAccepted>(await Send(_host.AdminState, new DrainRealServer(Service, Rs1, TimeSpan.FromHours(1), "spec")));

        var heard = new Heard();
        var subscriber = _host.System.ActorOf(Props.Create(() => new LateSubscriber(heard)), "late-subscriber");
        DistributedPubSub.Get(_host.System).Mediator.Tell(new Subscribe(AdminState.Topic, subscriber));

        await Eventually(() => heard.Last?.Intent.For(Service).For(Rs1).Drain is not null, "the drain published again to a subscriber that came after it", 3 * AdminState.Republish.TotalSeconds);
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.System.Terminate();
        }
    }

    private sealed class Heard
    {
        public volatile AdminStateChanged? Last;
    }

    private sealed class LateSubscriber : ReceiveActor
    {
        public LateSubscriber(Heard heard)
        {
            Receive<SubscribeAck>(_ => { });
            Receive<AdminStateChanged>(changed => heard.Last = changed);
        }
    }
}
