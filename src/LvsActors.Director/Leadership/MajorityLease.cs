namespace LvsActors.Director.Leadership;

/// <summary>
/// The self-fence of a director, as pure arithmetic: given when each peer last confirmed us (the send time of the
/// ping it answered, on our own clock) and how many members the cluster has, until when we may keep the VIPs.
/// A majority counts ourselves; a peer's confirmation is good for the isolation timeout after the ping was sent.
/// </summary>
public static class MajorityLease
{
    /// <summary>
    /// The end of the lease: the moment fewer than a majority of <paramref name="members"/> (ourselves included) will have
    /// confirmed within <paramref name="isolationTimeout"/>; null when even now there is no majority.
    /// </summary>
    public static TimeSpan? ValidUntil(IEnumerable<TimeSpan> peerConfirmations, int members, TimeSpan isolationTimeout)
    {
        var needed = members / 2; // peers needed besides ourselves for a strict majority: ⌊n/2⌋ + 1 − 1
        if (needed == 0)
        {
            return TimeSpan.MaxValue;
        }
        var freshest = peerConfirmations.OrderDescending().Take(needed).ToList();
        return freshest.Count < needed ? null : freshest[^1] + isolationTimeout;
    }
}
