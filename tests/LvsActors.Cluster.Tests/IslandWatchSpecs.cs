using Akka.Actor;
using Akka.Configuration;

namespace LvsActors.Cluster.Tests;

/// <summary>
/// A director Up in a cluster smaller than a majority of the expected voters (an island: a first seed that joined
/// itself because the others did not answer) stops its incarnation to join the seed nodes again; one whose cluster
/// is a majority, or whose expected voters are met by itself alone, stays.
/// </summary>
public sealed class IslandWatchSpecs
{
    private static TestNode Alone(int expectedVoters)
    {
        var (akka, cluster) = TestCluster.FastProfile();
        var profile = ConfigurationFactory.ParseString("lvs.director.leadership.island-rejoin-after = 1s").WithFallback(akka);
        var node = TestNode.Start("island", profile, cluster with { ExpectedVoters = expectedVoters });
        node.Cluster.Join(node.Address);
        return node;
    }

    [Fact]
    public async Task A_member_alone_of_three_expected_voters_stops_to_join_again()
    {
        var node = Alone(3);
        try
        {
            await TestCluster.Until(() => node.System.WhenTerminated.IsCompleted, TimeSpan.FromSeconds(20), "the island's actor system stops");
            // The reason DirectorProcess answers with a new incarnation in the same process (not an exit).
            Assert.IsType<CoordinatedShutdown.ClusterDowningReason>(CoordinatedShutdown.Get(node.System).ShutdownReason);
        }
        finally
        {
            await node.System.Terminate();
        }
    }

    [Fact]
    public async Task A_member_alone_that_is_a_majority_stays()
    {
        var node = Alone(1);
        try
        {
            await TestCluster.Until(() => node.Cluster.State.Members.Any(m => m.Status == Akka.Cluster.MemberStatus.Up), TimeSpan.FromSeconds(20), "Up");
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.False(node.System.WhenTerminated.IsCompleted, "a single director whose one expected voter is itself stopped as an island");
        }
        finally
        {
            await node.System.Terminate();
        }
    }
}
