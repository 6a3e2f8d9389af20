using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster;

namespace LvsActors.Director.Leadership;

/// <summary>
/// Runs on every node, witnesses included, at /user/lvs-fencing: a voter. It answers a director's <see cref="FencePing"/>
/// with whether it counts that director as an Up (or Leaving) member that nobody has marked unreachable — the
/// director's standing, which decides whether it may be chosen — and, for a claim, with its promise (<see cref="LeaseVoter"/>):
/// one claimant at a time, a member of the cluster, for the span the claim asks. The promise does not depend on the
/// failure detector: a holder that keeps renewing is alive for this voter, and only the promise keeps two owners apart.
/// </summary>
public sealed class FencingResponder : ReceiveActor
{
    /// <summary>The actor's name under /user.</summary>
    public const string Name = "lvs-fencing";

    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <param name="quietFor">The longest promise this node's voter may have given before it started (see <see cref="LeaseVoter"/>).</param>
    public FencingResponder(TimeSpan quietFor)
    {
        var cluster = Cluster.Get(Context.System);
        var voter = new LeaseVoter(_clock.Elapsed, quietFor);
        Receive<FencePing>(ping =>
        {
            var state = cluster.State;
            var from = SenderAddress(cluster);
            var standing = InGoodStanding(state, from) && InGoodStanding(state, cluster.SelfAddress);
            var (claimant, now) = (from.ToString(), _clock.Elapsed);
            var claim = ping.ClaimEpoch is not null && IsVoter(state, from);
            var promised = claim && voter.TryPromise(claimant, now, TimeSpan.FromTicks(ping.PromiseForTicks), TimeSpan.FromTicks(ping.SentAt));
            var freeIn = claim && !promised ? voter.FreeIn(claimant, now) : TimeSpan.Zero;
            if (standing || ping.ClaimEpoch is not null)
            {
                Sender.Tell(new FencePong(ping.SentAt, standing, promised, freeIn.Ticks));
            }
        });
        Receive<ReleaseLease>(release =>
            voter.Release(SenderAddress(cluster).ToString(), TimeSpan.FromTicks(release.ReleasedAt)));
    }

    // This node's own director reaches its voter locally, without a host in the address.
    private Address SenderAddress(Cluster cluster) => Sender.Path.Address.HasLocalScope ? cluster.SelfAddress : Sender.Path.Address;

    public static Props Props(TimeSpan quietFor) => Akka.Actor.Props.Create(() => new FencingResponder(quietFor));

    internal static bool InGoodStanding(ClusterEvent.CurrentClusterState state, Address address) =>
        IsVoter(state, address) && !state.Unreachable.Any(m => m.Address == address);

    // A member removed from the cluster (downed) gets no promise: its lease must run out even if its pings still arrive.
    private static bool IsVoter(ClusterEvent.CurrentClusterState state, Address address) =>
        state.Members.Any(m => m.Address == address && m.Status is MemberStatus.Up or MemberStatus.Leaving);
}
