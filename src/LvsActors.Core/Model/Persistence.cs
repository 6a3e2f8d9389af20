using System.Net;

namespace LvsActors.Model;

/// <summary>
/// Persistence (keepalived persistence_timeout / persistence_granularity, ipvsadm -p / -M): connections from one
/// client network go to the same real server for <see cref="Timeout"/> after the last one ended.
/// </summary>
/// <param name="Timeout">Seconds a client stays on its real server (1 to 2678400, ipvsadm's 31-day maximum).</param>
/// <param name="Ipv4Netmask">Clients are grouped by source address under this mask (IPv4 services).</param>
/// <param name="Ipv6PrefixLength">Clients are grouped by this source prefix (IPv6 services).</param>
public sealed record Persistence(uint Timeout, IPAddress Ipv4Netmask, int Ipv6PrefixLength)
{
    /// <summary>keepalived's timeout when persistence is asked for without one, and ipvsadm's for a bare -p.</summary>
    public const uint DefaultTimeout = 360;

    /// <summary>ipvsadm's maximum persistence timeout: 31 days.</summary>
    public const uint MaxTimeout = 86400 * 31;

    /// <summary>One client address per group: the kernel's default granularity.</summary>
    public static readonly IPAddress HostMask = IPAddress.Parse("255.255.255.255");
}
