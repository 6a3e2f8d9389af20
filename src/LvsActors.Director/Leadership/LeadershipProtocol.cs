namespace LvsActors.Director.Leadership;

/// <summary>Marks the leadership messages that cross the wire; reference.conf binds a serializer to it.</summary>
public interface ILeadershipMessage;

/// <summary>
/// A holder's report to the VipOwner: the highest epoch it has seen, the epoch it holds the VIPs under (null: none),
/// and whether it may hold them now (role, tracks, a majority lease). <paramref name="Sequence"/> grows with every report,
/// so that a report overtaken by a newer one (they travel by two paths: direct answers and the singleton proxy) is dropped.
/// <paramref name="NominatedEpoch"/>: the nomination as successor it holds, if any. <paramref name="Acquiring"/>: granted,
/// it is collecting the voters' promises and will hold the VIPs as soon as a majority promised.
/// </summary>
public sealed record HolderStatus(
    long Sequence,
    long EpochSeen,
    long? HoldingEpoch,
    int Priority,
    bool Preempt,
    TimeSpan PreemptDelay,
    bool Eligible,
    string Reason,
    long? NominatedEpoch = null,
    bool Acquiring = false) : ILeadershipMessage;

/// <summary>The VipOwner asks a holder for its <see cref="HolderStatus"/>.</summary>
public sealed record QueryHolder : ILeadershipMessage
{
    public static readonly QueryHolder Instance = new();
}

/// <summary>The VipOwner makes a holder the owner under <paramref name="Epoch"/>; an older epoch than one seen is ignored.</summary>
public sealed record GrantVips(long Epoch) : ILeadershipMessage;

/// <summary>The VipOwner takes the VIPs away; always obeyed, since releasing is always safe.</summary>
public sealed record RevokeVips(long Epoch) : ILeadershipMessage;

/// <summary>
/// A director asks a voter (every node's <see cref="FencingResponder"/>, its own included) to confirm that it still counts
/// the director as a reachable member. With <paramref name="ClaimEpoch"/> it also asks for the voter's promise (see
/// <see cref="LeaseVoter"/>): to confirm no other director's claim for <paramref name="PromiseForTicks"/> from when the
/// voter answered. <paramref name="SentAt"/> is the sender's monotonic clock, echoed back. <paramref name="Successor"/>: a
/// nominated successor's claim (to every voter, its own included), promised only once another claimant's promise there
/// has ended (<see cref="LeaseVoter.AnothersPromiseEnded"/>).
/// </summary>
public sealed record FencePing(long SentAt, long? ClaimEpoch = null, long PromiseForTicks = 0, bool Successor = false) : ILeadershipMessage;

/// <summary>
/// A voter's answer, echoing the sender's clock so that no clocks are compared across nodes. <paramref name="InGoodStanding"/>:
/// the voter counts the sender as an Up member nobody marked unreachable. <paramref name="Promised"/>: the voter promised
/// the sender, as asked by a claim, and no other director's claim will be promised before that promise ran out.
/// <paramref name="FreeInTicks"/>: for a claim it refused, how long until it could have promised (<see cref="LeaseVoter.FreeIn"/>);
/// zero when there is nothing to wait for. A claim it could promise within a renewal interval it does not refuse: it
/// decides it at that moment (<see cref="LeaseVoter.WaitBeforeDeciding"/>), so a refusal says "not within a renewal".
/// </summary>
public sealed record FencePong(long SentAt, bool InGoodStanding = true, bool Promised = false, long FreeInTicks = 0) : ILeadershipMessage;

/// <summary>
/// A director that gave the VIPs up (from its kernel first), or stopped asking for them, frees the voters from their
/// promise to it; from <paramref name="ReleasedAt"/> (its clock, like <see cref="FencePing.SentAt"/>) on it counts no
/// promise for an earlier ping.
/// </summary>
public sealed record ReleaseLease(long ReleasedAt) : ILeadershipMessage;

/// <summary>
/// The VipOwner names the director that takes the VIPs over, under <paramref name="Epoch"/>, if the holder stops
/// renewing its lease with the voters — without waiting for the cluster to remove the holder or for the singleton,
/// which may have died with it. The voters' promises keep that safe (<see cref="LeaseVoter"/>); the nomination only
/// says who should try.
/// </summary>
public sealed record NominateSuccessor(long Epoch) : ILeadershipMessage;

/// <summary>The VipOwner takes a nomination back; it never touches VIPs already held.</summary>
public sealed record WithdrawNomination(long Epoch) : ILeadershipMessage;

/// <summary>Asks the VipOwner who owns the VIPs.</summary>
public sealed record GetVipOwnership : ILeadershipMessage
{
    public static readonly GetVipOwnership Instance = new();
}

/// <summary>Who owns the VIPs (an Akka address, null while nobody does) and under which epoch.</summary>
public sealed record VipOwnership(string? Owner, long Epoch) : ILeadershipMessage;
