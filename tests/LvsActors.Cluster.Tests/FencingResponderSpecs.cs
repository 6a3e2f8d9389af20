using System.Diagnostics;
using Akka.Actor;
using LvsActors.Director.Leadership;

namespace LvsActors.Cluster.Tests;

/// <summary>A voter's answers over the wire, on a real three-node cluster whose owner keeps renewing its lease.</summary>
public sealed class FencingResponderSpecs
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_voter_promised_to_the_owner_refuses_another_claim_and_says_when_it_could_promise()
    {
        await using var cluster = await TestCluster.StartAsync(150, 100, 50);
        var owner = await cluster.StableOwnerAsync(Settle);
        var claimant = cluster.Nodes.First(n => n != owner);
        // The owner's promise span on every voter: the lease and its margin, from the fast profile the nodes run.
        var (akka, settings) = TestCluster.FastProfile();
        var span = settings.IsolationTimeout + LeadershipSettings.Create(akka).LeaseMargin;

        foreach (var voter in cluster.Nodes.Where(n => n != claimant))
        {
            var pong = await claimant.System.ActorSelection(new RootActorPath(voter.Address) / "user" / FencingResponder.Name)
                .Ask<FencePong>(new FencePing(Stopwatch.GetTimestamp(), ClaimEpoch: 1, PromiseForTicks: span.Ticks), TimeSpan.FromSeconds(3));

            Assert.False(pong.Promised, $"{voter}'s voter promised {claimant} while {owner} renews its lease there");
            Assert.InRange(TimeSpan.FromTicks(pong.FreeInTicks), TimeSpan.FromTicks(1), span);
        }
        Assert.True(owner.Sink.Holds, "a refused claim changes nothing for the owner");
        cluster.AssertNeverTwoOwners();
    }

    [Fact]
    public async Task A_claim_the_voter_could_promise_before_the_next_renewal_waits_for_that_moment_instead_of_a_refusal()
    {
        await using var cluster = await TestCluster.StartAsync(150, 100, 50);
        var owner = await cluster.StableOwnerAsync(Settle);
        var claimant = cluster.Nodes.First(n => n != owner);
        var voter = cluster.Nodes.First(n => n != owner && n != claimant);
        var (akka, settings) = TestCluster.FastProfile();
        var tuning = LeadershipSettings.Create(akka);
        var span = settings.IsolationTimeout + tuning.LeaseMargin;
        var selection = claimant.System.ActorSelection(new RootActorPath(voter.Address) / "user" / FencingResponder.Name);

        await cluster.CrashAsync(owner);
        // Claims one after another until one is promised, as the successor's would be (same address, same clock).
        var refusals = new List<TimeSpan>();
        var waited = TimeSpan.Zero;
        for (var asked = Stopwatch.StartNew(); asked.Elapsed < Settle;)
        {
            var sent = Stopwatch.StartNew();
            var pong = await selection.Ask<FencePong>(
                new FencePing(Stopwatch.GetElapsedTime(0).Ticks, ClaimEpoch: 1, PromiseForTicks: span.Ticks), TimeSpan.FromSeconds(3));
            if (pong.Promised)
            {
                waited = sent.Elapsed;
                break;
            }
            refusals.Add(TimeSpan.FromTicks(pong.FreeInTicks));
            await Task.Delay(5);
        }

        Assert.True(waited > TimeSpan.Zero, $"{voter}'s voter never promised {claimant} after {owner} crashed");
        // Refused only while the crashed owner's promise had more than a renewal left; the last stretch was waited out.
        Assert.All(refusals, freeIn => Assert.True(freeIn > tuning.FenceInterval,
            $"refused with {freeIn.TotalMilliseconds} ms to go, within a renewal ({tuning.FenceInterval.TotalMilliseconds} ms): {string.Join(", ", refusals.Select(r => r.TotalMilliseconds))}"));
        cluster.AssertNeverTwoOwners();
    }
}
