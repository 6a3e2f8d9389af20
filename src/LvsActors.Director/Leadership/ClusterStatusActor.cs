using Akka.Actor;
using Akka.Cluster;
using LvsActors.Director.Anycast;

namespace LvsActors.Director.Leadership;

/// <summary>
/// A read-only query point at /user/cluster-status: answers <see cref="GetClusterStatus"/> with this node's view of
/// the members, the VipOwner's answer about ownership and the local VipHolder's about holding. The admin API
/// (GET /api/v1/status) and through it <c>lvsactors status</c> read it.
/// </summary>
public sealed class ClusterStatusActor : ReceiveActor
{
    /// <summary>The actor's name under /user.</summary>
    public const string Name = "cluster-status";

    /// <param name="ownerProxy">The VipOwner's proxy; null in active-active, which has no owner.</param>
    /// <param name="holder">This node's VipHolder; null on a witness.</param>
    /// <param name="timeout">How long the owner and the holder may take to answer (asked in parallel).</param>
    /// <param name="bird">Active-active: the BirdDriver, for the BGP sessions; null otherwise.</param>
    public ClusterStatusActor(IActorRef? ownerProxy, IActorRef? holder, TimeSpan timeout, bool activeActive = false, IActorRef? bird = null)
    {
        var cluster = Cluster.Get(Context.System);
        ReceiveAsync<GetClusterStatus>(async _ =>
        {
            var replyTo = Sender;
            var ownership = ownerProxy is null ? Task.FromResult<VipOwnership?>(null) : AskOrNull<VipOwnership>(ownerProxy, GetVipOwnership.Instance, timeout);
            var holding = holder is null ? Task.FromResult<HolderStatus?>(null) : AskOrNull<HolderStatus>(holder, QueryHolder.Instance, timeout);
            var state = cluster.State;
            var members = state.Members
                .Select(m => new MemberStatusLine(m.Address.ToString(), m.Status.ToString(), m.Roles.Order().ToList(),
                    !state.Unreachable.Contains(m), m.Address == state.Leader))
                .ToList();
            var local = await holding is { } h ? new LocalVips(h.HoldingEpoch, h.Eligible, h.Reason) : null;
            var sessions = bird is null ? null : await AskOrNull<BgpSessions>(bird, GetBgpSessions.Instance, timeout);
            replyTo.Tell(new ClusterStatus(cluster.SelfAddress.ToString(), members, await ownership, local)
            {
                ActiveActive = activeActive,
                Bgp = sessions?.Sessions.Select(p => new BgpSessionLine(p.Name, p.State, p.Info)).ToList(),
                BgpProblem = bird is null ? null : sessions is null ? "the BIRD driver did not answer" : sessions.Problem,
            });
        });
    }

    public static Props Props(IActorRef? ownerProxy, IActorRef? holder, TimeSpan timeout, bool activeActive = false, IActorRef? bird = null) =>
        Akka.Actor.Props.Create(() => new ClusterStatusActor(ownerProxy, holder, timeout, activeActive, bird));

    private static async Task<T?> AskOrNull<T>(IActorRef actor, object question, TimeSpan timeout) where T : class
    {
        try
        {
            return await actor.Ask<T>(question, timeout);
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }
}
