using Akka.Actor;
using LvsActors.Director.Admin.Api;
using LvsActors.Director.Leadership;

namespace LvsActors.Director.Admin;

/// <summary>
/// Reads this node's <see cref="ClusterStatus"/> from /user/cluster-status for GET /api/v1/status. A query that times
/// out becomes an error in the view, so that the rest of the status is still served.
/// </summary>
/// <param name="status">The ClusterStatusActor; null when the node is not a cluster member.</param>
public sealed class ClusterStatusReader(IActorRef? status, TimeSpan timeout)
{
    /// <summary>The cluster view, or null when the node is not a cluster member.</summary>
    public async Task<ClusterView?> ReadAsync(CancellationToken cancellationToken)
    {
        if (status is null)
        {
            return null;
        }
        try
        {
            return new ClusterView(await status.Ask<ClusterStatus>(GetClusterStatus.Instance, timeout, cancellationToken), null);
        }
        catch (AskTimeoutException)
        {
            return new ClusterView(null, $"the cluster status did not answer within {timeout.TotalSeconds:0.#}s");
        }
    }
}
