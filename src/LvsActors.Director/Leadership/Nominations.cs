namespace LvsActors.Director.Leadership;

/// <summary>When the VipOwner names its successor again under a new epoch (docs/FAILOVER.md, point 9).</summary>
public static class Nominations
{
    /// <summary>
    /// Whether the standing nomination (its epoch) must be made again under a new epoch: the successor has seen a newer
    /// epoch since, and would ignore it as stale; or the holder holds under a newer epoch
    /// (re-granted after the nomination), so that a successor taking over under it would hold the older epoch of the
    /// two, and lose to the holder it replaced.
    /// </summary>
    public static bool Stale(long nomination, long? successorSeen, long? holderEpoch) =>
        successorSeen > nomination || holderEpoch > nomination;
}
