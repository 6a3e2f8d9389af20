using Akka;
using Akka.Actor;
using Akka.Cluster.Tools.Singleton;
using LvsActors.Director.Anycast;
using LvsActors.Director.Notify;
using LvsActors.Model;

namespace LvsActors.Director.Leadership;

/// <summary>The leadership actors of one node, as started by <see cref="LeadershipNode.Start"/>.</summary>
/// <param name="Holder">The VipHolder (in active-active the AnycastHolder); null on a witness.</param>
/// <param name="ActiveActive">lvs.cluster.mode = active-active: every director announces the VIPs itself.</param>
/// <param name="OwnerProxy">The VipOwner singleton's proxy; null in active-active, which has no owner.</param>
public sealed record LeadershipNode(IActorRef? Holder, IActorRef? OwnerProxy, IActorRef Status, bool ActiveActive = false)
{
    /// <summary>
    /// Starts leadership on a cluster node: the fencing responder and the removed-member watch everywhere; on a director also the VipHolder, the
    /// VipOwner singleton manager (role director) and its proxy; the status query point; and a shutdown task that gives
    /// up the VIPs before the node leaves, so that the next owner never claims them while this one still holds them.
    /// </summary>
    /// <param name="services">The configured virtual services: an active-active director announces a VIP only while one of
    /// its services can take traffic.</param>
    public static LeadershipNode Start(ActorSystem system, ClusterSettings settings, IVipSink sink, INotifier notifier, IReadOnlyList<ITrack> tracks,
        IReadOnlyList<VirtualService> services)
    {
        var tuning = LeadershipSettings.Create(system.Settings.Config);
        // Quiet after start for the longest promise a previous run of this voter may have given (same settings everywhere);
        // a claim it could promise before the claimant's next renewal is decided then rather than refused.
        system.ActorOf(FencingResponder.Props(settings.IsolationTimeout + tuning.LeaseMargin, tuning.FenceInterval), FencingResponder.Name);
        system.ActorOf(RemovedMemberWatch.Props(), RemovedMemberWatch.Name);
        system.ActorOf(IslandWatch.Props(settings.ExpectedVoters, tuning.IslandRejoinAfter), IslandWatch.Name);
        var anycast = settings.Mode == ClusterMode.ActiveActive;
        var proxy = anycast ? null : system.ActorOf(
            ClusterSingletonProxy.Props($"/user/{VipOwner.Name}", ClusterSingletonProxySettings.Create(system).WithRole(ClusterRoles.Director).WithSingletonName(VipOwner.Name)),
            VipOwner.Name + "-proxy");
        IActorRef? holder = null;
        IActorRef? bird = null;
        if (settings.Role == DirectorRole.Director && anycast)
        {
            // Every director announces for itself (docs/ACTIVE-ACTIVE.md): no owner to elect, no singleton.
            holder = system.ActorOf(AnycastHolder.Props(settings, tuning, sink, notifier, tracks, services), VipHolder.Name);
            if (settings.Bgp is { } bgp)
            {
                bird = system.ActorOf(BirdDriver.Props(bgp, settings.Vips), BirdDriver.Name);
            }
            // Every director puts the real servers a majority sees up in its table (the same table everywhere).
            system.ActorOf(VerdictExchange.Props(TimeSpan.FromSeconds(1)), VerdictExchange.Name);
        }
        else if (settings.Role == DirectorRole.Director)
        {
            holder = system.ActorOf(VipHolder.Props(settings, tuning, sink, notifier, tracks, proxy!), VipHolder.Name);
            system.ActorOf(
                ClusterSingletonManager.Props(VipOwner.Props(tuning, settings.IsolationTimeout), PoisonPill.Instance,
                    ClusterSingletonManagerSettings.Create(system).WithRole(ClusterRoles.Director).WithSingletonName(VipOwner.Name)),
                VipOwner.Name);
        }
        if (holder is not null)
        {
            var shutdown = CoordinatedShutdown.Get(system);
            var h = holder;
            // A holder already stopped (the system terminating) holds nothing more, and an Ask to it may never time
            // out once the scheduler is gone: wait for the answer or two seconds of wall clock, whichever is first.
            shutdown.AddTask(CoordinatedShutdown.PhaseBeforeClusterShutdown, "release-vips", async () =>
            {
                await Task.WhenAny(h.Ask<Done>(VipHolder.ReleaseForShutdown.Instance), Task.Delay(TimeSpan.FromSeconds(2)));
                return Done.Instance;
            });
        }
        var status = system.ActorOf(ClusterStatusActor.Props(proxy, holder, TimeSpan.FromSeconds(2), anycast, bird), ClusterStatusActor.Name);
        return new LeadershipNode(holder, proxy, status, anycast);
    }
}
