using System.Net;
using LvsActors.Director.Actors;
using LvsActors.Model;

namespace LvsActors.Director.Anycast;

/// <summary>
/// Which VIPs have a service that can take traffic: a VIP is announced only while some virtual service on its address
/// (or on a firewall mark, which may match any VIP) has quorum or a sorry server to send clients to. A VIP that no
/// service answers for is withdrawn rather than attract flows to a director that would refuse them (Seesaw's rule).
/// Pure: fed the services' statuses as they come, asked for the answer.
/// </summary>
public sealed class ServedVips(IReadOnlyList<Vip> vips, IReadOnlyList<VirtualService> configured)
{
    private readonly Dictionary<string, (IPAddress? Address, bool Serving)> _services = [];
    private readonly HashSet<string> _withSorryServer = configured.Where(s => s.SorryServer is not null).Select(s => s.Name).ToHashSet();

    /// <summary>Records what a service said of itself (its status, as the admin API shows it).</summary>
    public void Update(ServiceStatus status) =>
        _services[status.Name] = (AddressOf(status.Key), status.QuorumUp || _withSorryServer.Contains(status.Name));

    /// <summary>Records a quorum change of a service already known.</summary>
    public void Update(QuorumChanged change)
    {
        if (_services.TryGetValue(change.VirtualService, out var known))
        {
            _services[change.VirtualService] = (known.Address, change.Up || _withSorryServer.Contains(change.VirtualService));
        }
    }

    /// <summary>Forgets services that no longer answered (removed by a reload).</summary>
    public void Retain(IReadOnlySet<string> names)
    {
        foreach (var gone in _services.Keys.Where(n => !names.Contains(n)).ToList())
        {
            _services.Remove(gone);
        }
    }

    /// <summary>The VIPs with at least one serving service.</summary>
    public IReadOnlyList<Vip> Served() =>
        vips.Where(v => _services.Values.Any(s => s.Serving && (s.Address is null || s.Address.Equals(v.Address)))).ToList();

    // "192.0.2.100:80/TCP", "[2001:db8::1]:80/TCP": the address; "fwmark 7": null (any VIP).
    private static IPAddress? AddressOf(string key)
    {
        if (key.StartsWith("fwmark", StringComparison.Ordinal))
        {
            return null;
        }
        var colon = key.LastIndexOf(':');
        var host = colon < 0 ? key : key[..colon];
        return IPAddress.TryParse(host.Trim('[', ']'), out var address) ? address : IPAddress.None;
    }
}
