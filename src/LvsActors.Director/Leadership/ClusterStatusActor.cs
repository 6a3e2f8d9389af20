using Akka.Actor;
using Akka.Cluster;

namespace LvsActors.Director.Leadership;

/// <summary>
/// A read-only query point at /user/cluster-status: answers <see cref="GetClusterStatus"/> with this node's view of
/// the members and the VipOwner's answer about ownership. The admin API (issue 7) and <c>lvsactors status</c> read it.
/// </summary>
public sealed class ClusterStatusActor : ReceiveActor
{
    /// <summary>The actor's name under /user.</summary>
    public const string Name = "cluster-status";

    public ClusterStatusActor(IActorRef ownerProxy, TimeSpan ownerTimeout)
    {
        var cluster = Cluster.Get(Context.System);
        ReceiveAsync<GetClusterStatus>(async _ =>
        {
            var replyTo = Sender;
            VipOwnership? ownership;
            try
            {
                ownership = await ownerProxy.Ask<VipOwnership>(GetVipOwnership.Instance, ownerTimeout);
            }
            catch (AskTimeoutException)
            {
                ownership = null;
            }
            var state = cluster.State;
            var members = state.Members
                .Select(m => new MemberStatusLine(m.Address.ToString(), m.Status.ToString(), m.Roles.Order().ToList(),
                    !state.Unreachable.Contains(m), m.Address == state.Leader))
                .ToList();
            replyTo.Tell(new ClusterStatus(cluster.SelfAddress.ToString(), members, ownership));
        });
    }

    public static Props Props(IActorRef ownerProxy, TimeSpan ownerTimeout) =>
        Akka.Actor.Props.Create(() => new ClusterStatusActor(ownerProxy, ownerTimeout));
}
