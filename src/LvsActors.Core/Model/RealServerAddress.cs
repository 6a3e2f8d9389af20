using System.Net;
using System.Net.Sockets;

namespace LvsActors.Model;

/// <summary>
/// The addresses a real server may not have: no host (0.0.0.0, ::), a group (multicast, broadcast), port 0 where the
/// service has a port, or the virtual service itself (the director would forward to itself). The kernel takes them all
/// and the service then silently drops its traffic; the configuration and the admin API refuse them.
/// </summary>
public static class RealServerAddress
{
    /// <summary>Why <paramref name="endpoint"/> cannot be a real server of <paramref name="service"/>, or null when it can.</summary>
    public static string? Problem(VirtualServiceKey service, Endpoint endpoint)
    {
        var address = endpoint.Address;
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return $"{address} is the unspecified address, not a host; give the real server's own address";
        }
        if (address.Equals(IPAddress.Broadcast))
        {
            return $"{address} is the broadcast address, not a host; give the real server's own address";
        }
        if (IsMulticast(address))
        {
            return $"{address} is a multicast group, not a host; give the real server's own address";
        }
        if (endpoint.Port == 0 && service.Port != 0)
        {
            return $"port 0 is not a port: the real server must listen on one, e.g. {new Endpoint(address, service.Port)}";
        }
        if (service is AddressServiceKey a && a.Endpoint == endpoint)
        {
            return $"{endpoint} is the virtual service itself: the director would forward its traffic to itself";
        }
        return null;
    }

    private static bool IsMulticast(IPAddress address) => address.AddressFamily == AddressFamily.InterNetworkV6
        ? address.IsIPv6Multicast
        : (address.GetAddressBytes()[0] & 0xF0) == 0xE0;
}
