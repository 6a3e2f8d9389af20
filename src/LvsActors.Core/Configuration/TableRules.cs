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
        CheckDuplicates(service.RealServers, realServerSections);
        long total = 0;
        for (var i = 0; i < service.RealServers.Count; i++)
        {
            total += service.RealServers[i].Weight;
        }
        var needed = (long)service.Quorum.Minimum + service.Quorum.Hysteresis;
        if (service.RealServers.Count > 0 && needed > total)
        {
            var what = service.Quorum.Hysteresis > 0 ? $"quorum {service.Quorum.Minimum} + hysteresis {service.Quorum.Hysteresis}" : $"quorum {service.Quorum.Minimum}";
            section.Error("quorum", $"{what} is above the total weight {total} of the real servers, so the service could never come up; lower it or add weight");
        }
    }

    // A few real servers are compared pairwise; a table per service was half a megabyte per thousand services.
    private const int PairwiseUpTo = 16;

    private static void CheckDuplicates(IReadOnlyList<RealServer> realServers, IReadOnlyList<Section> sections)
    {
        var seen = realServers.Count > PairwiseUpTo ? new Dictionary<Endpoint, int>(realServers.Count) : null;
        for (var i = 0; i < realServers.Count; i++)
        {
            var endpoint = realServers[i].Endpoint;
            var first = -1;
            if (seen is null)
            {
                for (var j = 0; j < i && first < 0; j++)
                {
                    first = realServers[j].Endpoint == endpoint ? j : -1;
                }
            }
            else if (!seen.TryAdd(endpoint, i))
            {
                first = seen[endpoint];
            }
            if (first >= 0)
            {
                sections[i].Error("address", $"duplicate real server {endpoint}: {sections[first].Path} is the same address and port; the kernel keys real servers by both");
            }
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
