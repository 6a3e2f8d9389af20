using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using Xunit.Abstractions;

namespace LvsActors.Cluster.Tests;

/// <summary>
/// Three directors on loopback with the fast profile. Every scenario asserts the safety property (never two owners,
/// from the sinks' timelines and a 10 ms sampler) and liveness within generous bounds (a single owner again);
/// failover times are printed, never asserted tightly: this machine is shared and has two cores.
/// </summary>
public sealed class FailoverSpecs(ITestOutputHelper output)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(20);

    /// <summary>One run each by default; LVS_FAILOVER_RUNS=N repeats the timed scenarios to measure medians.</summary>
    public static TheoryData<int> Runs() =>
        new(Enumerable.Range(1, int.TryParse(Environment.GetEnvironmentVariable("LVS_FAILOVER_RUNS"), out var n) ? n : 1));

    [Theory]
    [MemberData(nameof(Runs))]
    public async Task Owner_crash_moves_the_vips_to_another_director_and_never_to_two(int run)
    {
        await using var cluster = await TestCluster.StartAsync(150, 100, 50);
        var owner = await cluster.StableOwnerAsync(Settle);

        var crashedAt = await cluster.CrashAsync(owner);
        var next = await cluster.SingleOwnerAsync(Settle, n => n != owner);

        Report(run, "crash → new owner", crashedAt, TestCluster.ClaimedAfter(next, crashedAt));
        cluster.AssertNeverTwoOwners();
    }

    [Fact]
    public async Task The_nominated_successor_takes_over_before_the_cluster_has_removed_the_crashed_owner()
    {
        // Only the nomination the VipOwner gave beforehand, and the voters' promises running out, can move the VIPs
        // before the cluster removes the crashed owner (the failure detector waits 2 s, the downing 1 s more) — also
        // when the singleton died with the owner, as it does when the owner is the oldest member.
        await using var cluster = await TestCluster.StartAsync(150, 100, 50);
        var owner = await cluster.StableOwnerAsync(Settle);
        var oldest = owner.Cluster.State.Members.OrderBy(m => m, Akka.Cluster.Member.AgeOrdering).First().Address == owner.Address;

        await cluster.CrashAsync(owner);
        var next = await cluster.SingleOwnerAsync(Settle, n => n != owner);

        Assert.Contains(next.Cluster.State.Members, m => m.Address == owner.Address);
        output.WriteLine($"the crashed owner {(oldest ? "ran" : "did not run")} the VipOwner singleton; {next.Name} took over before its removal");
        cluster.AssertNeverTwoOwners();
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public async Task Graceful_leave_releases_before_the_next_owner_claims(int run)
    {
        await using var cluster = await TestCluster.StartAsync(150, 100, 50);
        var owner = await cluster.StableOwnerAsync(Settle);

        var leftAt = Stopwatch.GetTimestamp();
        await CoordinatedShutdown.Get(owner.System).Run(CoordinatedShutdown.ClusterLeavingReason.Instance);
        var next = await cluster.SingleOwnerAsync(Settle, n => n != owner);

        var released = owner.Sink.Timeline.Last(e => e.Action == Director.Leadership.VipAction.Released).Timestamp;
        Assert.True(released < TestCluster.ClaimedAfter(next, leftAt), "the leaving owner released before the next one claimed");
        Report(run, "graceful leave → new owner", leftAt, TestCluster.ClaimedAfter(next, leftAt));
        cluster.AssertNeverTwoOwners();
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public async Task Partitioned_owner_fences_itself_and_the_majority_takes_over(int run)
    {
        await using var cluster = await TestCluster.StartAsync(150, 100, 50);
        var owner = await cluster.StableOwnerAsync(Settle);

        var cutAt = Stopwatch.GetTimestamp();
        foreach (var other in cluster.Nodes.Where(n => n != owner))
        {
            await owner.BlackholeAsync(other);
        }
        var next = await cluster.SingleOwnerAsync(Settle, n => n != owner);

        var fencedAt = owner.Sink.Timeline.Last(e => e.Action == Director.Leadership.VipAction.Released).Timestamp;
        // The kernel's copy of the VIPs lives only as long as the holder renews it, and it renews only under its lease.
        Assert.Contains(owner.Sink.Renewals, r => r < cutAt);
        Assert.DoesNotContain(owner.Sink.Renewals, r => r > fencedAt);
        Report(run, "partition → isolated owner drops", cutAt, fencedAt);
        Report(run, "partition → new owner", cutAt, TestCluster.ClaimedAfter(next, cutAt));
        // The isolated side downs nobody and waits; the majority downed it. Once it can reach them again, their refusal
        // of its quarantined incarnation stops its system (RemovedMemberWatch; the throttler here swallows that refusal,
        // the kernel lab's partition runs prove it) and it rejoins as a new incarnation, as DirectorProcess does.
        Assert.False(owner.System.WhenTerminated.IsCompleted, "the isolated owner downed itself");
        await owner.System.Terminate();
        await cluster.RejoinAsync(owner);
        await cluster.SingleOwnerAsync(Settle);
        cluster.AssertNeverTwoOwners();
    }

    [Fact]
    public async Task Partitioned_follower_is_downed_the_owner_keeps_the_vips_and_the_follower_rejoins()
    {
        await using var cluster = await TestCluster.StartAsync(150, 100, 50);
        var owner = await cluster.StableOwnerAsync(Settle);
        var follower = cluster.Nodes.Last(n => n != owner);

        foreach (var other in cluster.Nodes.Where(n => n != follower))
        {
            await follower.BlackholeAsync(other);
        }
        await TestCluster.Until(() => owner.Cluster.State.Members.All(m => m.Address != follower.Address), Settle, "the follower removed");

        Assert.False(follower.System.WhenTerminated.IsCompleted, "the cut-off follower downed itself");
        Assert.True(owner.Sink.Holds);
        Assert.Empty(follower.Sink.Ownership(Stopwatch.GetTimestamp()));
        // Not asserted: a host stalled for longer than isolation-timeout makes the owner drop and get the VIPs back
        // (seen once at load average 15 on two cores); safe, and visible here.
        output.WriteLine($"owner's ownership intervals: {owner.Sink.Ownership(Stopwatch.GetTimestamp()).Count}");
        await follower.System.Terminate(); // as the isolated owner above
        var back = await cluster.RejoinAsync(follower);
        await cluster.StableOwnerAsync(Settle);
        Assert.False(back.Sink.Holds);
        cluster.AssertNeverTwoOwners();
    }

    [Fact]
    public async Task An_indirect_partition_that_does_not_heal_loses_one_of_its_pair_and_the_cluster_serves_again()
    {
        // Two directors that cannot hear each other while the leader (the lowest address) hears both: gossip has each
        // unreachable from the other, the leader's own detector reaches both, so nobody is removed by reachability
        // and no join could complete. The lab met it as an association that stayed broken after a restart; here the
        // throttler cuts the pair for good. (A leader inside the pair would down the other by its own detector.)
        await using var cluster = await TestCluster.StartAsync(150, 100, 50);
        await cluster.StableOwnerAsync(Settle);
        var leader = cluster.Nodes.OrderBy(n => n.Address, Member.AddressOrdering).First();
        var pair = cluster.Nodes.Where(n => n != leader).ToList();
        await pair[0].BlackholeAsync(pair[1]);

        await TestCluster.Until(() => pair.Any(p => leader.Cluster.State.Members.All(m => m.Address != p.Address)), Settle, "one of the pair removed");
        var gone = pair.Single(p => leader.Cluster.State.Members.All(m => m.Address != p.Address));
        var kept = pair.Single(p => p != gone);
        Assert.Contains(leader.Cluster.State.Members, m => m.Address == kept.Address && m.Status == MemberStatus.Up);
        Assert.Equal(pair[1], gone); // the younger: nodes joined in order
        output.WriteLine($"{gone} removed, {kept} kept");

        await gone.System.Terminate(); // what the removed director's own watch does; it comes back in-process
        await gone.HealAsync(kept);
        await cluster.RejoinAsync(gone);
        await cluster.StableOwnerAsync(Settle);
        cluster.AssertNeverTwoOwners();
    }

    [Fact]
    public async Task A_blip_longer_than_indirect_after_between_the_two_directors_left_heals_without_downing_either()
    {
        // The lab's blip5: one of three gone, the other two cut from each other for longer than indirect-after, then
        // healed. Neither side is a majority, so nobody may be downed, during the blip or while gossip catches up
        // after it; the owner's lease lapsed meanwhile, and one of the two serves again once they hear each other.
        // The reaper runs every 3 s here, as late as a starved lab director's: gossip then lists the other as
        // unreachable for up to 3 s after the detector hears it again, the window in which the lab downed it.
        var lateReaper = ConfigurationFactory.ParseString("akka.cluster.unreachable-nodes-reaper-interval = 3s");
        await using var cluster = await TestCluster.StartAsync([150, 100, 50], (_, s) => s, _ => [], lateReaper);
        var owner = await cluster.StableOwnerAsync(Settle);
        var gone = cluster.Nodes.First(n => n != owner);
        await CoordinatedShutdown.Get(gone.System).Run(CoordinatedShutdown.ClusterLeavingReason.Instance);
        var pair = cluster.Nodes.Where(n => n != gone).ToList();
        await TestCluster.Until(() => pair.All(p => p.Cluster.State.Members.Count == 2), Settle, "the leaver removed");
        await cluster.SingleOwnerAsync(Settle, n => n != gone);

        await pair[0].BlackholeAsync(pair[1]);
        await Task.Delay(TimeSpan.FromSeconds(10)); // the reaper's 3 s, indirect-after's 5 s, and more
        await pair[0].HealAsync(pair[1]);
        await TestCluster.Until(() => pair.All(p => p.Cluster.State.Unreachable.Count == 0), Settle, "reachable again");
        await Task.Delay(TimeSpan.FromSeconds(4)); // a downing would show here

        foreach (var node in pair)
        {
            Assert.False(node.System.WhenTerminated.IsCompleted, $"{node} stopped");
            Assert.Equal(2, node.Cluster.State.Members.Count(m => m.Status == MemberStatus.Up));
        }
        await cluster.SingleOwnerAsync(Settle, n => n != gone);
        cluster.AssertNeverTwoOwners();
    }

    private void Report(int run, string what, long from, long? to) =>
        output.WriteLine(to is { } t ? $"run {run}: {what}: {Stopwatch.GetElapsedTime(from, t).TotalMilliseconds:F0} ms" : $"run {run}: {what}: never");
}
