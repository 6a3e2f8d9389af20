namespace LvsActors.Model;

/// <summary>A real server of a virtual service: where connections go, how, with what weight, and how it is checked.</summary>
/// <param name="Weight">0–65535; 0 is quiescent: no new connections, existing ones kept.</param>
/// <param name="Tunnel">Set when <paramref name="Forwarding"/> is <see cref="ForwardingMethod.Tunnel"/>.</param>
/// <param name="Checks">All must pass for the server to be up; none means always up.</param>
/// <param name="InhibitOnFailure">When down, keep it in the table with weight 0 instead of removing it.</param>
public sealed record RealServer(
    Endpoint Endpoint,
    int Weight,
    ForwardingMethod Forwarding,
    TunnelSettings? Tunnel,
    Thresholds Thresholds,
    ValueList<HealthCheckSpec> Checks,
    NotifyCommand? NotifyUp,
    NotifyCommand? NotifyDown,
    bool InhibitOnFailure)
{
    /// <summary>The largest weight the kernel takes (ipvsadm's limit).</summary>
    public const int MaxWeight = 65535;

    /// <summary>keepalived's default weight.</summary>
    public const int DefaultWeight = 1;

    public override string ToString() => Endpoint.ToString();
}

/// <summary>
/// The server that takes all traffic while the live weight of a service is below its quorum
/// (keepalived sorry_server, sorry_server_lvs_method, sorry_server_inhibit).
/// </summary>
public sealed record SorryServer(Endpoint Endpoint, ForwardingMethod Forwarding, TunnelSettings? Tunnel, bool Inhibit);

/// <summary>
/// Quorum: the service is up while the weight of its live real servers is at least <see cref="Minimum"/>
/// (+ <see cref="Hysteresis"/> to come back, − hysteresis to go down).
/// </summary>
public sealed record QuorumSettings(int Minimum, int Hysteresis, NotifyCommand? Up, NotifyCommand? Down)
{
    /// <summary>keepalived's defaults: quorum 1, hysteresis 0, no hooks.</summary>
    public static readonly QuorumSettings Default = new(1, 0, null, null);
}
