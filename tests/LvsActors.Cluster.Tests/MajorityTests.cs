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
        Assert.Equal(Ms(1600), MajorityLease.ValidUntil([Ms(1000), Ms(400)], 3, Isolation));
    }

    [Fact]
    public void Five_members_need_two_peers_so_the_second_freshest_confirmation_counts()
    {
        Assert.Equal(Ms(1300), MajorityLease.ValidUntil([Ms(1000), Ms(700), Ms(100)], 5, Isolation));
    }

    [Fact]
    public void Too_few_confirmations_is_no_lease_and_a_lone_member_needs_none()
    {
        Assert.Null(MajorityLease.ValidUntil([Ms(1000)], 4, Isolation));
        Assert.Equal(TimeSpan.MaxValue, MajorityLease.ValidUntil([], 1, Isolation));
    }

    [Theory]
    [InlineData("a,b,c", "a,b", DowningVerdict.DownUnreachable)]
    [InlineData("a,b,c", "c", DowningVerdict.DownSelf)]
    [InlineData("a,b,c,d", "a,b", DowningVerdict.DownUnreachable)]
    [InlineData("a,b,c,d", "c,d", DowningVerdict.DownSelf)]
    [InlineData("a,b,c,d,e", "a,b", DowningVerdict.DownSelf)]
    public void Keep_majority_keeps_the_bigger_side_and_on_a_tie_the_side_with_the_lowest_address(string members, string reachable, DowningVerdict expected)
    {
        Assert.Equal(expected, MajorityDecision.Decide(members.Split(','), reachable.Split(',').ToHashSet()));
    }
}
