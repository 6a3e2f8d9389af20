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
}
