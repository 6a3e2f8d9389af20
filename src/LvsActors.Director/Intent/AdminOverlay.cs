using LvsActors.Model;

namespace LvsActors.Director.Intent;

/// <summary>The real servers a virtual service has once operator intent is laid over its configuration.</summary>
public static class AdminOverlay
{
    /// <summary>
    /// The configured service without the real servers removed at runtime and with those added at runtime. An added
    /// server copies its template's forwarding, thresholds, checks and notify programs: a server of the same service,
    /// so the same kind of application. Without a template it has NAT forwarding and no checks (always up).
    /// </summary>
    public static VirtualService Effective(VirtualService configured, ServiceIntent intent)
    {
        if (intent.RealServers.IsEmpty)
        {
            return configured;
        }
        var servers = configured.RealServers.Where(rs => !intent.For(rs.Endpoint.ToString()).Removed).ToList();
        foreach (var (text, rs) in intent.RealServers)
        {
            if (rs.Added is not { } added || Endpoint.TryParse(text, configured.Key.Port, out _) is not { } endpoint)
            {
                continue;
            }
            var template = configured.RealServers.FirstOrDefault(t => t.Endpoint.ToString() == added.ChecksLike);
            servers.Add(template is null
                ? new RealServer(endpoint, added.Weight, ForwardingMethod.Nat, null, Thresholds.None, ValueList<HealthCheckSpec>.Empty, null, null, false)
                : template with { Endpoint = endpoint, Weight = added.Weight });
        }
        return configured with { RealServers = servers };
    }
}
