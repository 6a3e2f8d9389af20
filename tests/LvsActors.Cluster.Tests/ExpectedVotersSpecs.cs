using System.Diagnostics;

namespace LvsActors.Cluster.Tests;

/// <summary>
/// Two directors of a cluster built of three (the fast profile's three seed-nodes: lvs.fencing.expected-voters = 3),
/// as during start-up before the third has joined. Together they are a majority and serve; apart, neither is one:
/// neither holds the VIPs, and neither downs anyone, itself included. The kernel lab once saw the survivor of such a
/// pair down the other and then count itself a majority of one; later it saw both halves of a one-second blip down
/// themselves, seven times over, so that the third director never met the other two (a livelock).
/// </summary>
public sealed class ExpectedVotersSpecs
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public async Task A_blip_in_a_pair_of_an_expected_three_fences_the_vips_and_heals_with_nobody_leaving(int seconds)
    {
        await using var cluster = await TestCluster.StartAsync(150, 100);
        var owner = await cluster.StableOwnerAsync(Settle);
        var other = cluster.Nodes.Single(n => n != owner);

        await owner.BlackholeAsync(other);
        await TestCluster.Until(() => !owner.Sink.Holds, Settle, "the cut-off owner fenced its VIPs");
        await Task.Delay(TimeSpan.FromSeconds(seconds));

        Assert.False(other.Sink.Holds, "the other half is no majority of three either");
        Assert.All(cluster.Nodes, n => Assert.False(n.System.WhenTerminated.IsCompleted, $"{n} left the cluster during a {seconds} s blip"));
        await owner.HealAsync(other);
        await cluster.StableOwnerAsync(Settle);
        // The third director, which the livelock kept out, joins the healed pair.
        await cluster.JoinAsync(50, s => s);
        await cluster.StableOwnerAsync(Settle);
        Assert.All(cluster.Nodes, n => Assert.False(n.System.WhenTerminated.IsCompleted, $"{n} stopped"));
        cluster.AssertNeverTwoOwners();
    }

    [Fact]
    public async Task A_survivor_and_a_restarted_director_down_a_frozen_one_and_serve()
    {
        // The kernel lab's fast profile: a follower crashed and was removed, the owner froze (it falls silent, as if
        // blackholed: its own side is a minority and fences), and then the crashed director came back. The restarted
        // one stays Joining or WeaklyUp until the frozen member is removed, so counting only Up members the survivor
        // was one of three, downed nobody, and nobody served.
        await using var cluster = await TestCluster.StartAsync(200, 150, 100);
        var frozen = await cluster.StableOwnerAsync(Settle);
        var (crashed, survivor) = (cluster.Nodes.First(n => n != frozen), cluster.Nodes.Last(n => n != frozen));

        await cluster.CrashAsync(crashed);
        await TestCluster.Until(() => survivor.Cluster.State.Members.All(m => m.Address != crashed.Address), Settle, "the crashed director removed");
        await frozen.BlackholeAsync(survivor);
        var restarted = await cluster.ReincarnateAsync(crashed, [survivor], [frozen]);

        await TestCluster.Until(() => survivor.Cluster.State.Members.All(m => m.Address != frozen.Address), Settle, "the frozen director downed and removed",
            cluster.Describe);
        var owner = await cluster.SingleOwnerAsync(Settle, n => n == survivor || n == restarted);
        Assert.False(frozen.Sink.Holds, "the frozen director's side is a minority: it fenced");
        Assert.True(owner.Cluster.State.Members.Count(m => m.Status == Akka.Cluster.MemberStatus.Up) == 2, cluster.Describe());
        cluster.AssertNeverTwoOwners();
    }

    [Fact]
    public async Task The_lone_survivor_of_an_expected_three_holds_no_vips_and_takes_the_crashed_one_back()
    {
        await using var cluster = await TestCluster.StartAsync(150, 100);
        await cluster.StableOwnerAsync(Settle);
        // The lowest address wins a tie between two halves of a whole cluster: counted against the two members alone,
        // the survivor would down the crashed one and hold the VIPs as a majority of one.
        var ordered = cluster.Nodes.OrderBy(n => n.Address.ToString(), StringComparer.Ordinal).ToList();
        var (survivor, crashed) = (ordered[0], ordered[1]);

        var crashedAt = await cluster.CrashAsync(crashed);
        await Task.Delay(TimeSpan.FromSeconds(3));

        Assert.False(survivor.System.WhenTerminated.IsCompleted, "the survivor downed itself");
        Assert.False(survivor.Sink.Holds);
        Assert.Null(TestCluster.ClaimedAfter(survivor, crashedAt));
        // The crashed director comes back on its address (a new incarnation) and the pair serves again.
        await cluster.RejoinAsync(crashed);
        await cluster.StableOwnerAsync(Settle);
        Assert.DoesNotContain(crashed.Sink.Ownership(Stopwatch.GetTimestamp()), i => i.From > crashedAt);
        cluster.AssertNeverTwoOwners();
    }
}
