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
    private readonly Cluster _cluster = Cluster.Get(Context.System);
    private readonly LeaseVoter _voter;
    private readonly TimeSpan _decideWithin;
    // Claims kept until this voter could promise them (LeaseVoter.WaitBeforeDeciding): the latest of each asker.
    private readonly HashSet<WaitingClaim> _waiting = [];

    /// <param name="quietFor">The longest promise this node's voter may have given before it started (see <see cref="LeaseVoter"/>).</param>
    /// <param name="decideWithin">A claim this voter could promise within this long is decided then instead of refused now.</param>
    public FencingResponder(TimeSpan quietFor, TimeSpan decideWithin)
    {
        (_voter, _decideWithin) = (new LeaseVoter(_clock.Elapsed, quietFor), decideWithin);
        Receive<FencePing>(ping => Answer(ping, SenderAddress(), Sender));
        Receive<ClaimDue>(due =>
        {
            if (_waiting.Remove(due.Claim))
            {
                Answer(due.Claim.Ping, due.Claim.From, due.Claim.ReplyTo);
            }
        });
        Receive<ReleaseLease>(release =>
        {
            var claimant = SenderAddress();
            _voter.Release(claimant.ToString(), TimeSpan.FromTicks(release.ReleasedAt));
            // A kept claim sent before the release is one the claimant no longer counts: deciding it would only block others.
            Drop(c => c.From == claimant && c.Ping.SentAt <= release.ReleasedAt);
        });
    }

    public static Props Props(TimeSpan quietFor, TimeSpan decideWithin) => Akka.Actor.Props.Create(() => new FencingResponder(quietFor, decideWithin));

    protected override void PostStop()
    {
        Drop(_ => true);
    }

    private void Answer(FencePing ping, Address from, IActorRef replyTo)
    {
        var state = _cluster.State;
        var standing = InGoodStanding(state, from) && InGoodStanding(state, _cluster.SelfAddress);
        var (claimant, now) = (from.ToString(), _clock.Elapsed);
        var claim = ping.ClaimEpoch is not null && IsVoter(state, from);
        var promised = claim && (!ping.Successor || _voter.AnothersPromiseEnded(claimant, now))
            && _voter.TryPromise(claimant, now, TimeSpan.FromTicks(ping.PromiseForTicks), TimeSpan.FromTicks(ping.SentAt));
        if (claim && !promised && _voter.WaitBeforeDeciding(claimant, now, _decideWithin) is { } wait)
        {
            Keep(ping, from, replyTo, wait);
            return;
        }
        var freeIn = claim && !promised ? _voter.FreeIn(claimant, now) : TimeSpan.Zero;
        if (standing || ping.ClaimEpoch is not null)
        {
            replyTo.Tell(new FencePong(ping.SentAt, standing, promised, freeIn.Ticks));
        }
    }

    // On the lease's clock, not Akka's scheduler nor the runtime's timers (a tick late, see LeaseClock): every
    // millisecond here is a millisecond of the takeover after a crash. The decision itself runs in the actor, on ClaimDue.
    private void Keep(FencePing ping, Address from, IActorRef replyTo, TimeSpan wait)
    {
        // The asker's newer claim stands for its older one (a director renews every fence-interval).
        Drop(c => c.From == from && c.ReplyTo.Equals(replyTo));
        var self = Self;
        var claim = new WaitingClaim(ping, from, replyTo);
        _waiting.Add(claim);
        claim.Alarm = LeaseClock.Shared.Set(wait, () => self.Tell(new ClaimDue(claim)));
    }

    private void Drop(Func<WaitingClaim, bool> which)
    {
        foreach (var claim in _waiting.Where(which).ToList())
        {
            _waiting.Remove(claim);
            claim.Alarm.Cancel();
        }
    }

    // This node's own director reaches its voter locally, without a host in the address.
    private Address SenderAddress() => Sender.Path.Address.HasLocalScope ? _cluster.SelfAddress : Sender.Path.Address;

    internal static bool InGoodStanding(ClusterEvent.CurrentClusterState state, Address address) =>
        IsVoter(state, address) && !state.Unreachable.Any(m => m.Address == address);

    // A member removed from the cluster (downed) gets no promise: its lease must run out even if its pings still arrive.
    private static bool IsVoter(ClusterEvent.CurrentClusterState state, Address address) =>
        state.Members.Any(m => m.Address == address && m.Status is MemberStatus.Up or MemberStatus.Leaving);

    private sealed class WaitingClaim(FencePing ping, Address from, IActorRef replyTo)
    {
        public FencePing Ping { get; } = ping;

        public Address From { get; } = from;

        public IActorRef ReplyTo { get; } = replyTo;

        public LeaseClock.Alarm Alarm { get; set; } = null!;
    }

    private sealed record ClaimDue(WaitingClaim Claim);
}
