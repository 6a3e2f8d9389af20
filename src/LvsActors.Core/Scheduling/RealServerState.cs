using LvsActors.Model;

namespace LvsActors.Scheduling;

/// <summary>
/// A real server's <see cref="Endpoint"/> as the schedulers hold it: the same identity with the address in two
/// integers (<see cref="InetAddress"/>), so that finding, comparing and hashing a server never allocates.
/// </summary>
/// <remarks>
/// Converted from the configuration's <see cref="Endpoint"/> once, when a server joins a list (implicitly: the
/// conversion loses nothing but an IPv6 scope id, which IPVS does not keep either), and back with
/// <see cref="ToEndpoint"/> only for output. Written the same way as an <see cref="Endpoint"/>.
/// </remarks>
public readonly record struct RealServerKey(InetAddress Address, ushort Port)
{
    /// <summary>The scheduling form of <paramref name="endpoint"/>; does not allocate.</summary>
    public static RealServerKey From(Endpoint endpoint) => new(InetAddress.FromIPAddress(endpoint.Address), endpoint.Port);

    /// <summary>Converts <paramref name="endpoint"/> with <see cref="From"/>.</summary>
    public static implicit operator RealServerKey(Endpoint endpoint) => From(endpoint);

    /// <summary>The configuration's form of this server (allocates an <see cref="System.Net.IPAddress"/>).</summary>
    public Endpoint ToEndpoint() => new(Address.ToIPAddress(), Port);

    public override string ToString() => Address.IsIPv6 ? $"[{Address}]:{Port}" : $"{Address}:{Port}";
}

/// <summary>
/// What a scheduler sees of one real server (the kernel's <c>struct ip_vs_dest</c> fields it reads).
/// </summary>
/// <param name="Address">The real server's address.</param>
/// <param name="Port">The real server's port.</param>
/// <param name="Weight">0–65535; 0 means quiescent: no new connections from any weight-based scheduler.</param>
/// <param name="ActiveConnections">The kernel's <c>activeconns</c>.</param>
/// <param name="InactiveConnections">The kernel's <c>inactconns</c> (e.g. TIME_WAIT entries).</param>
/// <param name="Overloaded">The kernel's <c>IP_VS_DEST_F_OVERLOAD</c>, see <see cref="ConnectionThresholds"/>.</param>
public readonly record struct RealServerState(
    InetAddress Address,
    ushort Port,
    int Weight,
    int ActiveConnections = 0,
    int InactiveConnections = 0,
    bool Overloaded = false)
{
    /// <summary>The server's identity within its virtual service.</summary>
    public RealServerKey Key => new(Address, Port);

    /// <summary>Creates a state with no connections.</summary>
    public RealServerState(RealServerKey key, int weight) : this(key.Address, key.Port, weight)
    {
    }

    /// <summary>
    /// <c>ip_vs_dest_conn_overhead</c> (include/net/ip_vs.h): an active connection costs 256 inactive ones.
    /// Kept as a 32-bit int that wraps, as the kernel's (built with -fno-strict-overflow) does.
    /// </summary>
    public int ConnectionOverhead => unchecked((ActiveConnections << 8) + InactiveConnections);

    /// <summary>Not overloaded and weight above zero: what rr, sh and mh call available.</summary>
    internal bool IsAvailable => !Overloaded && Weight > 0;
}
