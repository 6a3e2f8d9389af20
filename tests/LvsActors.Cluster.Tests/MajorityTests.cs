using LvsActors.Director.Leadership;

namespace LvsActors.Cluster.Tests;

/// <summary>The majority lease (self-fencing) and the keep-majority downing decision, as arithmetic.</summary>
public sealed class MajorityTests
{
    private static readonly TimeSpan Isolation = TimeSpan.FromMilliseconds(600);

    private static TimeSpan Ms(int ms) => TimeSpan.FromMilliseconds(ms);

    [Fact]
    public void Three_members_need_one_peer_and_the_lease_ends_isolation_timeout_after_the_freshest_confirmation()
    {
        Assert.Equal(Ms(1600), MajorityLease.ValidUntil([Ms(1000), Ms(400)], 3, 3, Isolation));
    }

    [Fact]
    public void Five_members_need_two_peers_so_the_second_freshest_confirmation_counts()
    {
        Assert.Equal(Ms(1300), MajorityLease.ValidUntil([Ms(1000), Ms(700), Ms(100)], 5, 5, Isolation));
    }

    [Fact]
    public void Too_few_confirmations_is_no_lease_and_a_cluster_built_of_one_needs_none()
    {
        Assert.Null(MajorityLease.ValidUntil([Ms(1000)], 4, 4, Isolation));
        Assert.Equal(TimeSpan.MaxValue, MajorityLease.ValidUntil([], 1, 1, Isolation));
    }

    [Fact]
    public void A_director_coming_back_fills_the_place_of_a_missing_voter()
    {
        // CI's lab: d1 frozen (Up, unreachable), d2 crashed, removed and back (joining), d3 the survivor.
        Assert.Equal(DowningVerdict.DownUnreachable, MajorityDecision.Decide(["d1", "d3"], new HashSet<string> { "d3" }, 3, returning: 1));
        Assert.Equal(DowningVerdict.WaitForMajority, MajorityDecision.Decide(["d1", "d3"], new HashSet<string> { "d3" }, 3));
    }

    [Fact]
    public void An_indirect_partition_loses_its_youngest_member_whichever_leader_decides()
    {
        // CI's lab: d3 restarted, d2's association to the new incarnation never came up; d1 reached both.
        Assert.Equal("d3", MajorityDecision.Youngest([("d2", 1), ("d3", 2)]));
        Assert.Equal("d3", MajorityDecision.Youngest([("d3", 2), ("d2", 1)]));
        // Age counts the older members; equals (none in Akka's total order, but the arithmetic must pick) by address.
        Assert.Equal("d1", MajorityDecision.Youngest([("d1", 2), ("d3", 1)]));
        Assert.Equal("d2", MajorityDecision.Youngest([("d2", 1), ("d1", 1)]));
        Assert.Equal("d1", MajorityDecision.Youngest([("d1", 0)]));
    }

    [Fact]
    public void A_member_is_indirect_only_when_this_directors_own_detector_reached_it_throughout_the_window()
    {
        // CI's lab, blip5: d2 cut off 5 s and back; d1's detector reached it again 1.8 s before d1's late reaper took
        // it off the unreachable list, and the 5 s old picture read as an indirect partition.
        var sight = new OwnSight();
        var window = TimeSpan.FromSeconds(5);
        sight.Observe("d2", reachable: true, TimeSpan.FromSeconds(1));
        sight.Observe("d3", reachable: true, TimeSpan.FromSeconds(1));
        sight.Observe("d2", reachable: false, TimeSpan.FromSeconds(3));
        sight.Observe("d2", reachable: false, TimeSpan.FromSeconds(7.9));
        sight.Observe("d2", reachable: true, TimeSpan.FromSeconds(8));

        Assert.False(sight.ReachedThroughout("d2", window, TimeSpan.FromSeconds(9.5)));
        Assert.False(sight.ReachedThroughout("d2", window, TimeSpan.FromSeconds(12.8)));
        Assert.True(sight.ReachedThroughout("d2", window, TimeSpan.FromSeconds(12.9)));
        Assert.True(sight.ReachedThroughout("d3", window, TimeSpan.FromSeconds(2)));
        Assert.True(sight.ReachedThroughout("d4", window, TimeSpan.FromSeconds(2))); // never missed here
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Directors_coming_back_never_count_beyond_the_missing_places(int returning)
    {
        // Three voters Up and a fourth member joining: the side of one voter and the newcomer is no majority (it would
        // down the other two, and both sides would then hold a lease of their own pair).
        Assert.Equal(DowningVerdict.WaitForMajority, MajorityDecision.Decide(["d1", "d2", "d3"], new HashSet<string> { "d1" }, 3, returning));
        // Of five expected with two voters Up: one place each for at most three coming back, and one voter and two
        // coming back are three of five.
        Assert.Equal(DowningVerdict.DownUnreachable, MajorityDecision.Decide(["d1", "d2"], new HashSet<string> { "d1" }, 5, returning + 1));
        Assert.Equal(DowningVerdict.WaitForMajority, MajorityDecision.Decide(["d1", "d2", "d3", "d4"], new HashSet<string> { "d1" }, 5, returning + 1));
    }

    [Fact]
    public void A_lone_survivor_of_an_expected_three_holds_nothing()
    {
        // The kernel lab's double owner: d2 downed d1 before d3 joined and then counted itself a majority of one.
        Assert.Null(MajorityLease.ValidUntil([], 1, 3, Isolation));
    }

    [Fact]
    public void Two_of_an_expected_three_hold_with_one_confirmation_as_a_full_three_do()
    {
        Assert.Equal(Ms(1600), MajorityLease.ValidUntil([Ms(1000)], 2, 3, Isolation));
        Assert.Null(MajorityLease.ValidUntil([], 2, 3, Isolation));
    }

    [Fact]
    public void Two_of_an_expected_four_or_five_hold_nothing()
    {
        Assert.Null(MajorityLease.ValidUntil([Ms(1000)], 2, 4, Isolation));
        Assert.Null(MajorityLease.ValidUntil([Ms(1000)], 2, 5, Isolation));
        Assert.Equal(Ms(1300), MajorityLease.ValidUntil([Ms(1000), Ms(700)], 3, 5, Isolation));
    }

    [Fact]
    public void More_members_than_expected_count_as_they_are()
    {
        Assert.Null(MajorityLease.ValidUntil([Ms(1000)], 5, 3, Isolation));
        Assert.Equal(Ms(1300), MajorityLease.ValidUntil([Ms(1000), Ms(700)], 5, 3, Isolation));
    }

    [Theory]
    [InlineData("a,b,c", "a,b", DowningVerdict.DownUnreachable)]
    [InlineData("a,b,c", "c", DowningVerdict.WaitForMajority)]
    [InlineData("a,b,c,d", "a,b", DowningVerdict.DownUnreachable)]
    [InlineData("a,b,c,d", "c,d", DowningVerdict.WaitForMajority)]
    [InlineData("a,b,c,d,e", "a,b", DowningVerdict.WaitForMajority)]
    [InlineData("a,b", "a", DowningVerdict.DownUnreachable)]
    [InlineData("a,b", "b", DowningVerdict.WaitForMajority)]
    public void With_every_expected_voter_present_the_bigger_side_and_on_a_tie_the_lowest_address_downs_the_rest_and_the_other_waits(string members, string reachable, DowningVerdict expected)
    {
        var voters = members.Split(',');
        Assert.Equal(expected, MajorityDecision.Decide(voters, reachable.Split(',').ToHashSet(), voters.Length));
    }

    [Theory]
    [InlineData("a,b", "a", 3)]
    [InlineData("a,b", "b", 3)]
    [InlineData("a,b,c", "a", 4)]
    [InlineData("a,b,c", "a,b", 4)]
    [InlineData("a,b", "a", 4)]
    [InlineData("a,b,c,d", "a,b", 5)]
    [InlineData("a", "a", 3)]
    public void With_voters_missing_no_side_that_is_not_a_majority_of_the_expected_size_downs_anyone(string members, string reachable, int expectedVoters)
    {
        // A 2-member split of an expected 3 (the lab's start-up): neither half downs the other (or itself), so no half
        // survives as a lone member that might count itself a majority; the tie-break ("a" has the lowest address)
        // must not apply against an expected size.
        Assert.Equal(DowningVerdict.WaitForMajority, MajorityDecision.Decide(members.Split(','), reachable.Split(',').ToHashSet(), expectedVoters));
    }

    [Theory]
    [InlineData("a,b", "a,b", 3)]
    [InlineData("a,b,c", "a,b,c", 5)]
    [InlineData("a,b,c,d", "b,c,d", 5)]
    public void A_majority_of_the_expected_size_downs_the_unreachable(string members, string reachable, int expectedVoters)
    {
        Assert.Equal(DowningVerdict.DownUnreachable, MajorityDecision.Decide(members.Split(','), reachable.Split(',').ToHashSet(), expectedVoters));
    }
}
