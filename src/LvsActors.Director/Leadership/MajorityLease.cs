namespace LvsActors.Director.Leadership;

/// <summary>
/// The self-fence of a director, as pure arithmetic: given when each peer last confirmed us (the send time of the
/// ping it answered, on our own clock) and how many voting members the cluster has, until when we may keep the VIPs.
/// A majority counts ourselves; a peer's confirmation is good for the isolation timeout after the ping was sent.
/// </summary>
public static class MajorityLease
{
    /// <summary>
    /// The end of the lease: the moment fewer than a majority of n = max(<paramref name="voters"/>,
    /// <paramref name="expectedVoters"/>) (ourselves included) will have confirmed within <paramref name="isolationTimeout"/>;
    /// null when even now there is no majority.
    /// </summary>
    /// <param name="voters">The voting members (Up or Leaving) this node sees now, itself included.</param>
    /// <param name="expectedVoters">How many voters the cluster is built of (lvs.fencing.expected-voters).</param>
    public static TimeSpan? ValidUntil(IEnumerable<TimeSpan> peerConfirmations, int voters, int expectedVoters, TimeSpan isolationTimeout)
    {
        // Counting against the current members alone made a node that downed its only peer a majority of itself; with
        // the expected size, the members that are missing count as voting against us.
        var needed = Electorate(voters, expectedVoters) / 2; // peers needed besides ourselves for a strict majority: ⌊n/2⌋ + 1 − 1
        if (needed == 0)
        {
            return TimeSpan.MaxValue;
        }
        var freshest = peerConfirmations.OrderDescending().Take(needed).ToList();
        return freshest.Count < needed ? null : freshest[^1] + isolationTimeout;
    }

    /// <summary>The number a majority is counted against: the current voters, or the expected ones while some are missing.</summary>
    public static int Electorate(int voters, int expectedVoters) => Math.Max(voters, expectedVoters);
}
