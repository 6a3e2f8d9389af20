namespace LvsActors.Director.Leadership;

/// <summary>
/// The claimant side of the VIP lease, as pure arithmetic: given the send time (on the claimant's own clock) of the
/// latest ping each voter promised — its own node's voter included, which counts like any other — until when the
/// claimant may hold the VIPs. It needs a strict majority of n = max(voters, expected voters), and its lease ends
/// <c>lease</c> after the send time of the majority's oldest promised ping: before any of those voters' promises
/// (counted from when they answered, which is later, and for longer) can have run out.
/// </summary>
public static class OwnershipLease
{
    /// <summary>The end of the lease on the claimant's clock; null when fewer than a majority promised.</summary>
    public static TimeSpan? ValidUntil(IEnumerable<TimeSpan> promisedPings, int voters, int expectedVoters, TimeSpan lease)
    {
        var needed = MajorityLease.Electorate(voters, expectedVoters) / 2 + 1;
        var freshest = promisedPings.OrderDescending().Take(needed).ToList();
        return freshest.Count < needed ? null : freshest[^1] + lease;
    }
}
