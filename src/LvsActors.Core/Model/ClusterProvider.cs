namespace LvsActors.Model;

/// <summary>The one rule for "is this node a cluster member", wherever the answer is needed.</summary>
public static class ClusterProvider
{
    /// <summary>
    /// True when akka.actor.provider makes the node an Akka.Cluster member: as an operator writes it ("cluster") or as
    /// Akka resolves it ("Akka.Cluster.ClusterActorRefProvider, Akka.Cluster").
    /// </summary>
    public static bool IsCluster(string? provider) => provider is not null && provider.Contains("cluster", StringComparison.OrdinalIgnoreCase);
}
