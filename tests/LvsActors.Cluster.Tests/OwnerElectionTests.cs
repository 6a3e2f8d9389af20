using LvsActors.Director.Leadership;

namespace LvsActors.Cluster.Tests;

/// <summary>The VipOwner's choice, without a cluster: priority, preempt, preempt-delay, and never a second owner.</summary>
public sealed class OwnerElectionTests
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(1);

    private static Candidate D(string id, int rank, int priority, bool mightHold = false, bool reachable = true, TimeSpan? eligibleFor = null,
        bool preempt = true, TimeSpan? preemptDelay = null, long? holdsUnder = null) =>
        new(id, rank, priority, preempt, preemptDelay ?? TimeSpan.Zero, reachable, mightHold, eligibleFor, holdsUnder);

    [Fact]
    public void A_director_that_holds_is_kept_over_a_better_one_still_collecting_promises()
    {
        // The successor took over while the singleton, on an older view, granted the preferred director: the grantee
        // is told to stop, the holder keeps the VIPs (no flap back and forth).
        var decision = OwnerElection.Decide([
            D("a", 0, 200, mightHold: true, eligibleFor: Long),
            D("b", 1, 100, mightHold: true, eligibleFor: Long, holdsUnder: 7),
        ]);
        Assert.Equal(new Decision.Revoke("a", "another director holds the VIPs"), decision);
    }

    [Theory]
    [InlineData(200, 100)]
    [InlineData(100, 200)]
    public void Of_two_that_report_holding_the_one_under_the_newer_epoch_is_kept(int crashedPriority, int successorPriority)
    {
        // A crashed holder is still reachable for a moment, its last report says it holds under epoch 5; its nominated
        // successor took over under epoch 6 once the crashed one's promises ran out. Priority does not matter here.
        var decision = OwnerElection.Decide([
            D("crashed", 0, crashedPriority, mightHold: true, eligibleFor: Long, holdsUnder: 5),
            D("successor", 1, successorPriority, mightHold: true, eligibleFor: Long, holdsUnder: 6),
        ]);
        Assert.Equal(new Decision.Revoke("crashed", "another director holds the VIPs"), decision);
    }

    [Fact]
    public void Nobody_holding_grants_the_highest_priority_eligible_director()
    {
        var decision = OwnerElection.Decide([D("a", 0, 100, eligibleFor: Long), D("b", 1, 150, eligibleFor: Long), D("c", 2, 200)]);
        Assert.Equal(new Decision.Grant("b"), decision);
    }

    [Fact]
    public void Equal_priorities_go_to_the_oldest()
    {
        Assert.Equal(new Decision.Grant("a"), OwnerElection.Decide([D("b", 1, 100, eligibleFor: Long), D("a", 0, 100, eligibleFor: Long)]));
    }

    [Fact]
    public void An_unreachable_director_that_might_hold_blocks_every_grant_until_it_is_removed()
    {
        var decision = OwnerElection.Decide([D("a", 0, 200, mightHold: true, reachable: false, eligibleFor: Long), D("b", 1, 100, eligibleFor: Long)]);
        Assert.IsType<Decision.Wait>(decision);
    }

    [Fact]
    public void A_holder_that_is_no_longer_eligible_is_revoked_first()
    {
        var decision = OwnerElection.Decide([D("a", 0, 200, mightHold: true), D("b", 1, 100, eligibleFor: Long)]);
        Assert.Equal("a", Assert.IsType<Decision.Revoke>(decision).Id);
    }

    [Fact]
    public void A_better_director_preempts_only_after_its_preempt_delay()
    {
        Candidate[] Directors(TimeSpan eligibleFor) =>
            [D("a", 0, 100, mightHold: true, eligibleFor: Long), D("b", 1, 200, eligibleFor: eligibleFor, preemptDelay: TimeSpan.FromSeconds(10))];

        Assert.IsType<Decision.Wait>(OwnerElection.Decide(Directors(TimeSpan.FromSeconds(9))));
        Assert.Equal("a", Assert.IsType<Decision.Revoke>(OwnerElection.Decide(Directors(TimeSpan.FromSeconds(10)))).Id);
    }

    [Fact]
    public void Nopreempt_keeps_the_current_holder()
    {
        var decision = OwnerElection.Decide([D("a", 0, 100, mightHold: true, eligibleFor: Long), D("b", 1, 200, eligibleFor: Long, preempt: false)]);
        Assert.Equal(new Decision.Grant("a"), decision);
    }

    [Fact]
    public void Two_possible_holders_never_lead_to_a_grant()
    {
        var decision = OwnerElection.Decide([D("a", 0, 200, mightHold: true, eligibleFor: Long), D("b", 1, 100, mightHold: true, eligibleFor: Long)]);
        Assert.Equal("b", Assert.IsType<Decision.Revoke>(decision).Id);
    }
}
