using LvsActors.Director.Actors;
using LvsActors.Director.DataPlanes;
using LvsActors.Director.Leadership;
using LvsActors.Table;

namespace LvsActors.Director.Admin.Api;

/// <summary>GET /api/v1/status: the director and every virtual service.</summary>
public sealed record StatusResponse(DirectorView Director, IReadOnlyList<ServiceView> Services);

/// <summary>The director: its data plane, the operator intent's version, and cluster leadership.</summary>
/// <param name="AdminError">Why the intent is not available (journal down), or null.</param>
/// <param name="CountersError">Why counters are missing (dry-run data plane, read failure), or null.</param>
/// <param name="Cluster">Members and VIP ownership; null when the director is not a cluster member.</param>
public sealed record DirectorView(string DataPlane, long? AdminVersion, string? AdminError, string? CountersError, ClusterView? Cluster);

/// <summary>The cluster as this node sees it: members, the VIP owner and its epoch, whether this node holds the VIPs.</summary>
/// <param name="Status">What /user/cluster-status answered, or null when it did not answer in time.</param>
/// <param name="Error">Why <paramref name="Status"/> is null.</param>
public sealed record ClusterView(ClusterStatus? Status, string? Error);

/// <summary>One virtual service.</summary>
public sealed record ServiceView(string Name, string Key, string Scheduler, bool QuorumUp, bool Maintenance, TrafficStats? Traffic, IReadOnlyList<RealServerView> RealServers);

/// <summary>One real server: health, weights (from health and in the table), operator intent, and the data plane's counters.</summary>
public sealed record RealServerView(
    string Address, bool Up, int HealthWeight, int? TableWeight, string Forwarding, string Admin, bool Added,
    long? ActiveConnections, long? InactiveConnections, TrafficStats? Traffic);

/// <summary>The answer to an accepted write.</summary>
/// <param name="Changed">False when the intent already said so and nothing was written.</param>
public sealed record WriteResponse(bool Changed, long Version, string? Event);

/// <summary>Builds the views from a <see cref="DirectorStatus"/>.</summary>
internal static class Views
{
    public static StatusResponse Of(DirectorStatus status, ClusterView? cluster) => new(
        new DirectorView(status.DataPlane, status.Admin?.Version, status.AdminError, status.CountersError, cluster),
        ServicesOf(status));

    public static IReadOnlyList<ServiceView> ServicesOf(DirectorStatus status) =>
        status.Services.Select(s => Of(s, status.Counters?.GetValueOrDefault(s.Key))).ToList();

    public static ServiceView Of(ServiceStatus s, ServiceStats? counters)
    {
        var byEndpoint = counters?.Destinations.ToDictionary(d => d.Endpoint.ToString()) ?? [];
        return new ServiceView(s.Name, s.Key, s.Scheduler, s.QuorumUp, s.Maintenance, counters?.Totals, s.RealServers.Select(rs =>
        {
            var c = byEndpoint.GetValueOrDefault(rs.Endpoint);
            return new RealServerView(rs.Endpoint, rs.Up, rs.HealthWeight, rs.TableWeight, rs.Forwarding, rs.Admin, rs.Added, c?.ActiveConnections, c?.InactiveConnections, c?.Traffic);
        }).ToList());
    }
}
