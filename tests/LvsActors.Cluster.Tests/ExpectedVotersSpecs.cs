using System.Diagnostics;

namespace LvsActors.Cluster.Tests;

/// <summary>
/// Two directors of a cluster built of three (the fast profile's three seed-nodes: lvs.fencing.expected-voters = 3),
/// as during start-up before the third has joined. Together they are a majority and serve; apart, neither is one.
/// The kernel lab once saw the survivor of such a pair down the other and then count itself a majority of one.
/// </summary>
public sealed class ExpectedVotersSpecs
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_split_pair_of_an_expected_three_leaves_the_vips_with_neither_half()
    {
        await using var cluster = await TestCluster.StartAsync(150, 100);
        var owner = await cluster.StableOwnerAsync(Settle);
        var other = cluster.Nodes.Single(n => n != owner);

        await owner.BlackholeAsync(other);

        // Neither half is a majority of three: each downs itself rather than the other, and the owner's lease ends.
        await Task.WhenAll(cluster.Nodes.Select(n => n.System.WhenTerminated)).WaitAsync(Settle);
        Assert.False(owner.Sink.Holds);
        Assert.Empty(other.Sink.Ownership(Stopwatch.GetTimestamp()));
        cluster.AssertNeverTwoOwners();
    }

    [Fact]
    public async Task The_lone_survivor_of_an_expected_three_holds_no_vips_even_with_the_lowest_address()
    {
        await using var cluster = await TestCluster.StartAsync(150, 100);
        await cluster.StableOwnerAsync(Settle);
        // The lowest address wins a tie between two halves of a whole cluster: counted against the two members alone,
        // the survivor would down the crashed one and hold the VIPs as a majority of one.
        var ordered = cluster.Nodes.OrderBy(n => n.Address.ToString(), StringComparer.Ordinal).ToList();
        var (survivor, crashed) = (ordered[0], ordered[1]);

        var crashedAt = await cluster.CrashAsync(crashed);

        await survivor.System.WhenTerminated.WaitAsync(Settle);
        Assert.False(survivor.Sink.Holds);
        Assert.Null(TestCluster.ClaimedAfter(survivor, crashedAt));
        cluster.AssertNeverTwoOwners();
    }
}
