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
    /// </summary>
    public static ServiceEntry Desired(VirtualService service, IReadOnlyDictionary<Endpoint, (bool Up, int Weight)> health, bool quorumUp)
    {
        var destinations = new List<DestinationEntry>();
        var sorryServing = !quorumUp && service.SorryServer is not null;
        foreach (var rs in service.RealServers)
        {
            var (up, weight) = health.TryGetValue(rs.Endpoint, out var h) ? h : (false, rs.Weight);
            if (up && !sorryServing)
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
}
