namespace LvsActors.Director.Leadership;

/// <summary>What the VipOwner knows of one director when it decides.</summary>
/// <param name="Id">The director (its address, as text).</param>
/// <param name="AgeRank">0 for the oldest member; ties in priority go to the older one, where the singleton prefers to run.</param>
/// <param name="Reachable">Nobody marked it unreachable.</param>
/// <param name="MightHold">It holds the VIPs, or may: it reported so, or was granted and has not answered, or never reported.</param>
/// <param name="EligibleFor">How long it has been eligible without a break; null while it is not.</param>
/// <param name="HoldingEpoch">The epoch it reported holding the VIPs under; null when it reported no VIPs (or only collecting promises for them).</param>
public sealed record Candidate(string Id, int AgeRank, int Priority, bool Preempt, TimeSpan PreemptDelay, bool Reachable, bool MightHold, TimeSpan? EligibleFor, long? HoldingEpoch = null)
{
    /// <summary>It reported holding the VIPs (not only collecting promises for them).</summary>
    public bool Holds => HoldingEpoch is not null;
}

/// <summary>What the VipOwner does next.</summary>
public abstract record Decision
{
    /// <summary>Nothing to do, or something to wait for (a revoke answer, a suspect's removal).</summary>
    public sealed record Wait(string Why) : Decision;

    /// <summary>Grant the VIPs to <paramref name="Id"/> (nobody else might hold them), or re-grant to adopt the holder.</summary>
    public sealed record Grant(string Id) : Decision;

    /// <summary>Take the VIPs away from <paramref name="Id"/>; grant only after it confirms or is removed.</summary>
    public sealed record Revoke(string Id, string Why) : Decision;
}

/// <summary>
/// The VipOwner's choice as a pure function (VRRP's election, answered with a singleton): the highest-priority reachable
/// eligible director should hold the VIPs; a holder is replaced only when it stops being eligible, or when a better
/// director that preempts has been eligible for its preempt delay. A grant goes out only when no other director
/// might hold the VIPs: that one rule is what keeps two owners from ever existing together.
/// </summary>
public static class OwnerElection
{
    public static Decision Decide(IReadOnlyList<Candidate> directors)
    {
        var holders = directors.Where(d => d.MightHold).ToList();
        var best = directors
            .Where(d => d.Reachable && d.EligibleFor is not null)
            .OrderByDescending(d => d.Priority)
            .ThenBy(d => d.AgeRank)
            .FirstOrDefault();
        if (holders.Count > 1)
        {
            // One that holds before one still collecting promises (granted on a view that had not seen a successor's
            // takeover yet): moving the VIPs back would be a flap; preemption, if wanted, comes after its delay.
            // Of two that both report holding, the newer epoch: leases exclude each other, so one report is stale —
            // a holder that crashed or froze and is not unreachable yet, whose nominated successor (a newer epoch)
            // could take over only once its promises had run out. Keeping the stale one revoked the live successor
            // (2 to 3 crashes in 5 in the lab's fast profile) and it took the VIPs back moments later: a flap.
            var keep = holders.Where(h => h.Reachable && h.EligibleFor is not null)
                .OrderByDescending(h => h.Holds).ThenByDescending(h => h.HoldingEpoch).ThenByDescending(h => h.Priority).ThenBy(h => h.AgeRank)
                .FirstOrDefault();
            var drop = holders.FirstOrDefault(h => h != keep && h.Reachable);
            return drop is null ? new Decision.Wait("several directors might hold the VIPs; waiting for the unreachable ones to be removed")
                : new Decision.Revoke(drop.Id, "another director holds the VIPs");
        }
        if (holders.Count == 1)
        {
            var holder = holders[0];
            if (!holder.Reachable)
            {
                return new Decision.Wait($"{holder.Id} might hold the VIPs and is unreachable; waiting for it to be removed");
            }
            if (holder.EligibleFor is null)
            {
                return new Decision.Revoke(holder.Id, "no longer eligible");
            }
            if (best is not null && best != holder && best.Priority > holder.Priority && best.Preempt)
            {
                return best.EligibleFor >= best.PreemptDelay
                    ? new Decision.Revoke(holder.Id, $"{best.Id} has a higher priority and preempts")
                    : new Decision.Wait($"{best.Id} preempts after its preempt delay");
            }
            return new Decision.Grant(holder.Id);
        }
        return best is null ? new Decision.Wait("no eligible director") : new Decision.Grant(best.Id);
    }
}
