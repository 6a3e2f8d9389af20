using System.Net;
using LvsActors.Linux.Relay;
using LvsActors.Model;
using LvsActors.Scheduling;

namespace LvsActors.Director.DataPlanes.Userspace;

/// <summary>
/// One destination of a proxied virtual service. Connections hold this object rather than an index, because the
/// kernel-ordered list shifts when servers come and go; once removed (<see cref="Removed"/>) its connections keep
/// running, as the kernel keeps a removed destination's connections in its trash, but no longer touch counters.
/// </summary>
internal sealed class ProxiedRealServer(Endpoint endpoint, ConnectionThresholds thresholds)
{
    public Endpoint Endpoint { get; } = endpoint;

    /// <summary>The same identity in the schedulers' allocation-free form, converted once here.</summary>
    public RealServerKey Key { get; } = RealServerKey.From(endpoint);

    /// <summary>Where the proxy connects; one instance for all connections.</summary>
    public IPEndPoint EndPoint => Destination.EndPoint;

    /// <summary>The same address as the TCP relay engine connects to it, its sockaddr built once.</summary>
    public RelayDestination Destination { get; } = new(new IPEndPoint(endpoint.Address, endpoint.Port));

    public ConnectionThresholds Thresholds { get; set; } = thresholds;

    /// <summary>Position in the service's <see cref="DestinationList"/>, or -1 once removed. Guarded by the service's lock.</summary>
    public int Index { get; set; } = -1;

    public bool Removed => Index < 0;

    /// <summary>Closed TCP connections still counted inactive, by the time they stop counting.</summary>
    public ExpiringCounts Inactive { get; } = new();
}
