using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Cluster.Tools.Singleton;
using LvsActors.Director.Intent;
using LvsActors.Model;

namespace LvsActors.Director.Admin;


/// <summary>
/// Starts the AdminState where it belongs: at /user/admin-state on a single director; in a cluster with replicated
/// intent (lvs.admin.replication.enabled, the default) at /user/admin-state on every member; otherwise as a singleton
/// on role <c>director</c> (the manager at /user/admin-state, used through /user/admin-state-proxy), with a relay on
/// every node that puts the published <see cref="AdminStateChanged"/> on the local event stream. Self-contained:
/// no other singleton (such as the VIP owner) is involved.
/// </summary>
public static class AdminHosting
{
    /// <summary>The singleton's name and its manager's role.</summary>
    public const string SingletonName = "admin-state";

    /// <summary>Starts the AdminState and returns the reference to send commands and queries to.</summary>
    public static IActorRef Start(ActorSystem system, LvsConfig config, AdminSettings settings) =>
        !IsClustered(system) ? system.ActorOf(AdminStateHost.Props(config, settings, clustered: false), SingletonName)
        : IsReplicated(system, settings) ? system.ActorOf(AdminStateHost.Props(config, settings, clustered: true, replicated: true), SingletonName)
        : StartClustered(system, config, settings);

    /// <summary>True when the actor system runs Akka.Cluster (akka.actor.provider = cluster).</summary>
    public static bool IsClustered(ActorSystem system) => ClusterProvider.IsCluster(system.Settings.ProviderClass);

    /// <summary>True where operator intent is replicated among the members (a cluster with lvs.admin.replication on).</summary>
    public static bool IsReplicated(ActorSystem system, AdminSettings settings) => IsClustered(system) && settings.Replication.Enabled;

    /// <summary>The cluster singleton, its proxy and the local relay; returns the proxy.</summary>
    public static IActorRef StartClustered(ActorSystem system, LvsConfig config, AdminSettings settings)
    {
        system.ActorOf(ClusterSingletonManager.Props(
                AdminStateHost.Props(config, settings, clustered: true),
                PoisonPill.Instance,
                ClusterSingletonManagerSettings.Create(system).WithRole(ClusterRoles.Director).WithSingletonName(SingletonName)),
            SingletonName);
        system.ActorOf(Akka.Actor.Props.Create(() => new AdminStateRelay()), SingletonName + "-relay");
        return system.ActorOf(ClusterSingletonProxy.Props(
                "/user/" + SingletonName,
                ClusterSingletonProxySettings.Create(system).WithRole(ClusterRoles.Director).WithSingletonName(SingletonName)),
            SingletonName + "-proxy");
    }

    /// <summary>Republishes the cluster-wide admin topic on this node's event stream, where its actors listen.</summary>
    private sealed class AdminStateRelay : ReceiveActor
    {
        private long? _relayed;

        public AdminStateRelay()
        {
            Receive<SubscribeAck>(_ => { });
            // The singleton publishes its intent again every AdminState.Republish; only a new version goes on. (A lower
            // one goes on too: the DirectorSupervisor, not the relay, decides what an older version means.)
            Receive<AdminStateChanged>(changed =>
            {
                if (changed.Version != _relayed)
                {
                    _relayed = changed.Version;
                    Context.System.EventStream.Publish(changed);
                }
            });
        }

        protected override void PreStart() => DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(AdminState.Topic, Self));
    }
}
