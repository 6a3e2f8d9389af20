using LvsActors.Model;
using LvsActors.Table;

namespace LvsActors.Director.DataPlanes;

/// <summary>
/// Counters a data plane keeps per service and destination, as IPVS reports them (ip_vs_stats_user: conns, packets
/// and bytes in both directions, and the kernel's per-second rate estimates). A data plane that has them implements
/// this beside <see cref="IDataPlane"/>. Unlike ApplyAsync it may be called at any time, concurrently with a write:
/// read on a channel of its own (a second netlink socket), never through the DataPlaneActor's.
/// </summary>
public interface IDataPlaneStats
{
    /// <summary>Reads the counters of every service in the data plane now.</summary>
    Task<IReadOnlyList<ServiceStats>> ReadStatsAsync(CancellationToken cancellationToken);
}

/// <summary>One service's counters: its totals and each destination's.</summary>
/// <param name="Key">The kernel key as ipvsadm writes it ("192.0.2.100:80/TCP"), as in <see cref="VirtualServiceKey.ToString"/>.</param>
public sealed record ServiceStats(string Key, TrafficStats Totals, IReadOnlyList<DestinationStats> Destinations);

/// <summary>One destination's connection counts (as <c>ipvsadm -L</c> shows them) and traffic.</summary>
public sealed record DestinationStats(Endpoint Endpoint, long ActiveConnections, long InactiveConnections, TrafficStats Traffic);
