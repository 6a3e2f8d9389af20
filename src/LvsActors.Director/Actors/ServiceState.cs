using LvsActors.Director.Intent;
using LvsActors.Model;
using LvsActors.Table;

namespace LvsActors.Director.Actors;

/// <summary>
/// What a virtual service puts in the table given its real servers' health: keepalived's rules, as pure functions
/// so they can be read and tested without actors.
/// </summary>
public static class ServiceState
{
    /// <summary>
    /// keepalived's quorum with hysteresis: a service that has quorum loses it below quorum − hysteresis; one that
    /// lacks it regains it at quorum + hysteresis.
    /// </summary>
    public static bool NextQuorum(bool quorumUp, long liveWeight, QuorumSettings quorum) =>
        quorumUp ? liveWeight >= quorum.Minimum - quorum.Hysteresis : liveWeight >= quorum.Minimum + quorum.Hysteresis;

    /// <summary>The weight of the real servers that are up: what quorum is measured against.</summary>
    public static long LiveWeight(VirtualService service, IReadOnlyDictionary<Endpoint, (bool Up, int Weight)> health) =>
        service.RealServers.Sum(rs => health.TryGetValue(rs.Endpoint, out var h) && h.Up ? (long)h.Weight : 0);

    /// <summary>
    /// The table entry: real servers that are up at their effective weight, failed ones with inhibit-on-failure at
    /// weight 0 (they keep their connections), others left out. Without quorum, a sorry server takes all new traffic
    /// and the live servers leave (as keepalived does); with quorum, an inhibited sorry server waits at weight 0.
    /// Operator intent (<paramref name="intent"/>) comes on top: see <see cref="AdminWeight"/>; a service in
    /// maintenance is served by its sorry server as if it had lost quorum.
    /// </summary>
    /// <param name="service">The effective service: configuration with runtime-added and -removed real servers applied.</param>
    public static ServiceEntry Desired(VirtualService service, IReadOnlyDictionary<Endpoint, (bool Up, int Weight)> health, bool quorumUp, ServiceIntent? intent = null)
    {
        intent ??= ServiceIntent.Empty;
        var destinations = new List<DestinationEntry>();
        var sorryServing = (!quorumUp || intent.Maintenance) && service.SorryServer is not null;
        foreach (var rs in service.RealServers)
        {
            var (healthy, healthWeight) = health.TryGetValue(rs.Endpoint, out var h) ? h : (false, rs.Weight);
            var (up, weight) = AdminWeight(healthy, healthWeight, intent.Maintenance, intent.For(rs.Endpoint.ToString()));
            if (up is null)
            {
                continue;
            }
            if (up.Value && !sorryServing)
            {
                destinations.Add(new DestinationEntry(rs.Endpoint, weight, rs.Forwarding, rs.Tunnel, rs.Thresholds));
            }
            else if (rs.InhibitOnFailure)
            {
                destinations.Add(new DestinationEntry(rs.Endpoint, 0, rs.Forwarding, rs.Tunnel, rs.Thresholds));
            }
        }
        if (service.SorryServer is { } sorry && (sorryServing || sorry.Inhibit))
        {
            destinations.Add(new DestinationEntry(sorry.Endpoint, sorryServing ? 1 : 0, sorry.Forwarding, sorry.Tunnel, Thresholds.None));
        }
        return ServiceEntry.WithDestinations(service, destinations);
    }

    /// <summary>
    /// A real server under operator intent: maintenance (its own or its service's) makes it down, so it leaves the
    /// table or, with inhibit-on-failure, waits at weight 0; a drain keeps it at weight 0 (quiescent: existing
    /// connections go on) until the drain completes and it leaves (null: not in the table whatever its health);
    /// an override replaces the weight of a live server.
    /// </summary>
    public static (bool? Up, int Weight) AdminWeight(bool up, int weight, bool serviceMaintenance, RealServerIntent intent) => intent switch
    {
        _ when serviceMaintenance || intent.Maintenance => (false, weight),
        { Drain.Completed: true } => (null, 0),
        { Drain: not null } => (up, 0),
        { Weight: { } overridden } => (up, overridden),
        _ => (up, weight),
    };
}
