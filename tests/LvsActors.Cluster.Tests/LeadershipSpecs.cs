using System.Diagnostics;
using Akka.Actor;
using LvsActors.Director.Leadership;

namespace LvsActors.Cluster.Tests;

/// <summary>Priority, preempt, tracks, the witness and the status query, on a real three-node cluster.</summary>
public sealed class LeadershipSpecs
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_preferred_director_that_joins_later_takes_the_vips_after_its_preempt_delay()
    {
        // Two of the three expected voters are a majority: node0 takes the VIPs before the preferred director exists.
        // (Started as three at once, node0 often never held them: a lone node is no majority, and the preferred one
        // was Up before node0 and node1 were.)
        await using var cluster = await TestCluster.StartAsync([100, 50], (_, s) => s with { PreemptDelay = TimeSpan.FromSeconds(1) }, _ => []);
        await cluster.SingleOwnerAsync(Settle, n => n.Name == "node0");

        var preferred = await cluster.JoinAsync(200, s => s with { PreemptDelay = TimeSpan.FromSeconds(1) });
        var owner = await cluster.SingleOwnerAsync(Settle, n => n == preferred);

        var node0 = cluster.Nodes[0].Sink.Timeline;
        Assert.Contains(node0, e => e.Action == VipAction.Claimed);
        Assert.Contains(node0, e => e.Action == VipAction.Released);
        Assert.True(owner.Sink.Timeline.First(e => e.Action == VipAction.Claimed).Epoch > node0.First(e => e.Action == VipAction.Claimed).Epoch);
        cluster.AssertNeverTwoOwners();
    }

    [Fact]
    public async Task Nopreempt_leaves_the_vips_where_they_are()
    {
        await using var cluster = await TestCluster.StartAsync([100, 200, 50], (_, s) => s with { Preempt = false }, _ => []);
        var owner = await cluster.StableOwnerAsync(Settle);
        var claims = owner.Sink.Ownership(Stopwatch.GetTimestamp()).Count;
        await Task.Delay(TimeSpan.FromSeconds(2));

        // Whoever took the VIPs first keeps them: without preempt, not even node1 (priority 200) takes them over.
        Assert.True(owner.Sink.Holds);
        Assert.Equal(claims, owner.Sink.Ownership(Stopwatch.GetTimestamp()).Count);
        // Every claim comes after this node's sync daemon was made master: no connection opens before its sync does.
        var timeline = owner.Sink.Timeline.ToList();
        foreach (var (claim, at) in timeline.Select((e, i) => (e, i)).Where(c => c.e.Action == VipAction.Claimed))
        {
            var role = timeline.Take(at).LastOrDefault(e => e.Action is VipAction.SyncMaster or VipAction.SyncBackup);
            Assert.True(role?.Action == VipAction.SyncMaster, $"the claim of epoch {claim.Epoch} came while the sync daemon was {role?.Action.ToString() ?? "never set"}");
        }
        cluster.AssertNeverTwoOwners();
    }

    [Fact]
    public async Task An_owner_whose_track_fails_gives_the_vips_to_the_next_director()
    {
        var links = Enumerable.Range(0, 3).Select(i => new SwitchTrack($"eth0 link of node{i}")).ToArray();
        await using var cluster = await TestCluster.StartAsync([150, 100, 50], (_, s) => s, i => [links[i]]);
        var owner = await cluster.StableOwnerAsync(Settle);

        links[cluster.Nodes.IndexOf(owner)].Healthy = false;
        var next = await cluster.SingleOwnerAsync(Settle, n => n != owner);

        Assert.False(owner.Sink.Holds);
        cluster.AssertNeverTwoOwners();
    }

    [Fact]
    public async Task A_witness_votes_but_never_owns_and_two_directors_survive_a_crash_with_it()
    {
        await using var cluster = await TestCluster.StartAsync(150, null, 100);
        var owner = await cluster.StableOwnerAsync(Settle);

        await cluster.CrashAsync(owner);
        var next = await cluster.SingleOwnerAsync(Settle, n => n != owner);

        Assert.NotEqual("node1", next.Name);
        Assert.Empty(cluster.Nodes[1].Sink.Ownership(Stopwatch.GetTimestamp()));
        cluster.AssertNeverTwoOwners();
    }

    [Fact]
    public async Task The_status_query_shows_members_roles_and_the_owner_with_its_epoch()
    {
        await using var cluster = await TestCluster.StartAsync(150, 100, null);
        var owner = await cluster.StableOwnerAsync(Settle);
        var epoch = owner.Sink.Timeline.Last(e => e.Action == VipAction.Claimed).Epoch;

        var status = await cluster.Nodes[2].Leadership.Status.Ask<ClusterStatus>(GetClusterStatus.Instance, TimeSpan.FromSeconds(5));

        Assert.Equal(new VipOwnership(owner.Address.ToString(), epoch), status.Ownership);
        Assert.Equal(3, status.Members.Count);
        Assert.All(status.Members, m => Assert.True(m.Reachable));
        Assert.Equal(["witness"], status.Members.Single(m => m.Address == cluster.Nodes[2].Address.ToString()).Roles);
        Assert.Contains($"(epoch {epoch})", ClusterStatusFormatter.Format(status));
        Assert.Null(status.Local);
        var ownStatus = await owner.Leadership.Status.Ask<ClusterStatus>(GetClusterStatus.Instance, TimeSpan.FromSeconds(5));
        Assert.Equal(epoch, ownStatus.Local?.HoldingEpoch);
    }

    private sealed class SwitchTrack(string name) : ITrack
    {
        public volatile bool Healthy = true;

        public string Name => name;

        public Task<bool> CheckAsync(CancellationToken cancellationToken) => Task.FromResult(Healthy);
    }
}
