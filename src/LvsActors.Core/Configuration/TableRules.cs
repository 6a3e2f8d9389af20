using LvsActors.Model;

namespace LvsActors.Configuration;

/// <summary>Rules that look at a whole service or the whole table rather than one key.</summary>
internal static class TableRules
{
    /// <param name="realServerSections">The section each real server was read from, in the same order.</param>
    public static void CheckService(Section section, VirtualService service, IReadOnlyList<Section> realServerSections)
    {
        if (service.Key is AddressServiceKey { Port: 0 } && service.Persistence is null)
        {
            section.Error("address", "port 0 means \"all ports\" and is allowed only for a persistent service (ipvsadm refuses it otherwise); set persistence-timeout or a port");
        }
        // Sized once: grown from empty, a service of ten real servers allocated three tables.
        var seen = new Dictionary<Endpoint, int>(service.RealServers.Count);
        for (var i = 0; i < service.RealServers.Count; i++)
        {
            var endpoint = service.RealServers[i].Endpoint;
            if (seen.TryGetValue(endpoint, out var first))
            {
                var at = realServerSections[i];
                at.Error("address", $"duplicate real server {endpoint}: {realServerSections[first].Path} is the same address and port; the kernel keys real servers by both");
            }
            else
            {
                seen[endpoint] = i;
            }
        }
        var total = service.RealServers.Sum(rs => (long)rs.Weight);
        var needed = (long)service.Quorum.Minimum + service.Quorum.Hysteresis;
        if (service.RealServers.Count > 0 && needed > total)
        {
            var what = service.Quorum.Hysteresis > 0 ? $"quorum {service.Quorum.Minimum} + hysteresis {service.Quorum.Hysteresis}" : $"quorum {service.Quorum.Minimum}";
            section.Error("quorum", $"{what} is above the total weight {total} of the real servers, so the service could never come up; lower it or add weight");
        }
    }

    /// <summary>Two services with the same kernel key would be one service in IPVS.</summary>
    public static void CheckTable(Section virtualServices, IReadOnlyList<VirtualService> services)
    {
        var seen = new Dictionary<VirtualServiceKey, string>();
        foreach (var service in services)
        {
            if (seen.TryGetValue(service.Key, out var first))
            {
                virtualServices.Error(service.Name, $"duplicate virtual service {service.Key}: \"{first}\" has the same {(service.Key is FirewallMarkServiceKey ? "mark and family" : "protocol, address and port")}");
            }
            else
            {
                seen[service.Key] = service.Name;
            }
        }
    }
}
