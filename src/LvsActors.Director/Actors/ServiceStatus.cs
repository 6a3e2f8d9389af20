using LvsActors.Director.Intent;
using LvsActors.Model;
using LvsActors.Table;

namespace LvsActors.Director.Actors;

/// <summary>Asks a VirtualServiceActor for its <see cref="ServiceStatus"/>.</summary>
public sealed record GetServiceStatus
{
    public static readonly GetServiceStatus Instance = new();
}

/// <summary>What a virtual service is doing now, for the admin API and metrics.</summary>
/// <param name="Key">The kernel key as ipvsadm writes it: "192.0.2.100:80/TCP", "fwmark 7".</param>
/// <param name="Maintenance">The whole service is in maintenance.</param>
public sealed record ServiceStatus(string Name, string Key, string Scheduler, bool QuorumUp, bool Maintenance, IReadOnlyList<RealServerStatus> RealServers)
{
    /// <summary>Builds the status from a VirtualServiceActor's state.</summary>
    public static ServiceStatus Of(VirtualService service, IReadOnlyDictionary<Endpoint, (bool Up, int Weight)> health, bool quorumUp, ServiceIntent intent, ServiceEntry? sent)
    {
        var inTable = sent?.Destinations.ToDictionary(d => d.Endpoint, d => d.Weight) ?? [];
        var servers = service.RealServers.Select(rs =>
        {
            var (up, weight) = health.TryGetValue(rs.Endpoint, out var h) ? h : (false, rs.Weight);
            var rsIntent = intent.For(rs.Endpoint.ToString());
            return new RealServerStatus(rs.Endpoint.ToString(), up, weight, inTable.TryGetValue(rs.Endpoint, out var w) ? w : null, rs.Forwarding.ToString().ToLowerInvariant(),
                AdminLabel(intent.Maintenance, rsIntent), rsIntent.Added is not null);
        }).ToList();
        return new ServiceStatus(service.Name, service.Key.ToString(), service.Scheduler.ToString(), quorumUp, intent.Maintenance, servers);
    }

    /// <summary>The operator intent on a real server in one word: none, maintenance, draining, drained, weight-override.</summary>
    public static string AdminLabel(bool serviceMaintenance, RealServerIntent intent) => intent switch
    {
        _ when serviceMaintenance || intent.Maintenance => "maintenance",
        { Drain.Completed: true } => "drained",
        { Drain: not null } => "draining",
        { Weight: not null } => "weight-override",
        _ => "none",
    };
}

/// <summary>One real server of a <see cref="ServiceStatus"/>.</summary>
/// <param name="Up">All of its checks pass.</param>
/// <param name="HealthWeight">The weight health gives it: the configured one, or one a dynamic check set.</param>
/// <param name="TableWeight">The weight it has in the desired table, or null when it is not in it.</param>
/// <param name="Admin">Operator intent in one word (see <see cref="ServiceStatus.AdminLabel"/>).</param>
/// <param name="Added">Added at runtime rather than configured.</param>
public sealed record RealServerStatus(string Endpoint, bool Up, int HealthWeight, int? TableWeight, string Forwarding, string Admin, bool Added);
