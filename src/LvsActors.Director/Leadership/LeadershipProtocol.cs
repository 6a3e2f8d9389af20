namespace LvsActors.Director.Leadership;

/// <summary>Marks the leadership messages that cross the wire; reference.conf binds a serializer to it.</summary>
public interface ILeadershipMessage;

/// <summary>
/// A holder's report to the VipOwner: the highest epoch it has seen, the epoch it holds the VIPs under (null: none),
/// and whether it may hold them now (role, tracks, a majority lease). <paramref name="Sequence"/> grows with every report,
/// so that a report overtaken by a newer one (they travel by two paths: direct answers and the singleton proxy) is dropped.
/// </summary>
public sealed record HolderStatus(
    long Sequence,
    long EpochSeen,
    long? HoldingEpoch,
    int Priority,
    bool Preempt,
    TimeSpan PreemptDelay,
    bool Eligible,
    string Reason) : ILeadershipMessage;

/// <summary>The VipOwner asks a holder for its <see cref="HolderStatus"/>.</summary>
public sealed record QueryHolder : ILeadershipMessage
{
    public static readonly QueryHolder Instance = new();
}

/// <summary>The VipOwner makes a holder the owner under <paramref name="Epoch"/>; an older epoch than one seen is ignored.</summary>
public sealed record GrantVips(long Epoch) : ILeadershipMessage;

/// <summary>The VipOwner takes the VIPs away; always obeyed, since releasing is always safe.</summary>
public sealed record RevokeVips(long Epoch) : ILeadershipMessage;

/// <summary>A holder asks a peer to confirm that it still counts the holder as a reachable member.</summary>
public sealed record FencePing(long SentAt) : ILeadershipMessage;

/// <summary>The peer's confirmation, echoing the holder's own clock so that no clocks are compared across nodes.</summary>
public sealed record FencePong(long SentAt) : ILeadershipMessage;

/// <summary>Asks the VipOwner who owns the VIPs.</summary>
public sealed record GetVipOwnership : ILeadershipMessage
{
    public static readonly GetVipOwnership Instance = new();
}

/// <summary>Who owns the VIPs (an Akka address, null while nobody does) and under which epoch.</summary>
public sealed record VipOwnership(string? Owner, long Epoch) : ILeadershipMessage;
