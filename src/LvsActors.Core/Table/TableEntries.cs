using LvsActors.Model;

namespace LvsActors.Table;

/// <summary>
/// One real server as the data plane programs it (an IPVS destination): the fields the kernel keys and compares,
/// nothing about health checks.
/// </summary>
public sealed record DestinationEntry(Endpoint Endpoint, int Weight, ForwardingMethod Forwarding, TunnelSettings? Tunnel, Thresholds Thresholds)
{
    public override string ToString() => $"{Endpoint} w{Weight}";
}

/// <summary>
/// One virtual service as the data plane programs it: what IPVS stores for the service, and its destinations in the
/// order they are added. Two entries are equal exactly when the kernel would hold the same thing.
/// </summary>
public sealed record ServiceEntry(
    VirtualServiceKey Key,
    SchedulerSpec Scheduler,
    Persistence? Persistence,
    bool OnePacket,
    string? PersistenceEngine,
    ValueList<DestinationEntry> Destinations)
{
    /// <summary>The service as configured, every real server in at its configured weight.</summary>
    public static ServiceEntry Configured(VirtualService service) =>
        WithDestinations(service, service.RealServers.Select(rs => new DestinationEntry(rs.Endpoint, rs.Weight, rs.Forwarding, rs.Tunnel, rs.Thresholds)));

    /// <summary>The service's own settings with the given destinations.</summary>
    public static ServiceEntry WithDestinations(VirtualService service, IEnumerable<DestinationEntry> destinations) =>
        new(service.Key, service.Scheduler, service.Persistence, service.OnePacket, service.PersistenceEngine, new ValueList<DestinationEntry>(destinations));

    public override string ToString() => $"{Key} {Scheduler} [{string.Join(", ", Destinations)}]";
}
