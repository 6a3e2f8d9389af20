namespace LvsActors.Director.Leadership;

/// <summary>Which members a keep-majority decision downs.</summary>
public enum DowningVerdict
{
    /// <summary>Our side is the majority (or the half with the lowest address): down the unreachable members.</summary>
    DownUnreachable,

    /// <summary>
    /// Our side is not the majority: down nobody, ourselves included, and wait for reachability. The lease has already
    /// fenced our VIPs; downing ourselves (as the stock resolver's keep-majority does) adds no safety and turns a blip
    /// into an outage that needs a restart. If the majority downs us meanwhile, the director rejoins in-process.
    /// </summary>
    WaitForMajority,
}

/// <summary>
/// Keep-majority as pure arithmetic. <paramref name="members"/> are the voting members (Up or Leaving, sorted by
/// address); <paramref name="reachableFromHere"/> those our own failure detector still reaches (ourselves included).
/// Counting from our own detector rather than from gossip makes a director that still sees both sides of an indirect
/// partition side with the majority; it then downs only the members it cannot reach itself, and an indirect partition
/// that outlasts <c>indirect-after</c> loses its <see cref="Youngest"/> member (the stock resolver downs all of them).
/// The majority is counted against n = max(members, expected voters), the same n as <see cref="MajorityLease"/>.
/// Only a majority acts: a side that is not one downs nobody, so a blip while members are missing (two of three up,
/// the pair split for a second) heals by itself instead of both halves leaving the cluster.
/// </summary>
public static class MajorityDecision
{
    /// <param name="returning">
    /// Directors this side reaches that are joining again on an address that was a voter's (a restarted director,
    /// not yet Up). Each fills the place of a missing expected voter, never more than are missing: with voters
    /// missing, the survivor of a crash and the crashed director back would otherwise be one of three for ever when
    /// the third froze (a joining member cannot become Up while an unreachable one is in the membership).
    /// </param>
    public static DowningVerdict Decide(IReadOnlyList<string> members, IReadOnlySet<string> reachableFromHere, int expectedVoters, int returning = 0)
    {
        var n = MajorityLease.Electorate(members.Count, expectedVoters);
        var filling = Math.Min(returning, Math.Max(0, expectedVoters - members.Count));
        var reachable = members.Count(reachableFromHere.Contains) + filling;
        if (reachable * 2 > n)
        {
            return DowningVerdict.DownUnreachable;
        }
        // The tie-break only between two halves of the whole cluster: with voters missing, a tie against the expected
        // size is no majority (the other half and the missing voters would be one), so neither half downs the other.
        if (filling == 0 && reachable * 2 == n && n == members.Count && reachableFromHere.Contains(members.Min(StringComparer.Ordinal)!))
        {
            return DowningVerdict.DownUnreachable;
        }
        return DowningVerdict.WaitForMajority;
    }

    /// <summary>
    /// The member that ends an indirect partition: of <paramref name="indirect"/>, the members gossip marks unreachable
    /// while the deciding leader still reaches them itself (two that cannot hear each other, typically), the youngest.
    /// The oldest hosts the VipOwner singleton and the longest-standing holder; the youngest is most often the one that
    /// has just restarted, whose associations are the suspects. Every leader that sees the same members picks the same
    /// one. Age is how many members are older (Akka's order: up-number, then address; a member not yet Up is youngest).
    /// </summary>
    public static string Youngest(IReadOnlyCollection<(string Address, int Age)> indirect) =>
        indirect.OrderByDescending(m => m.Age).ThenByDescending(m => m.Address, StringComparer.Ordinal).First().Address;
}
