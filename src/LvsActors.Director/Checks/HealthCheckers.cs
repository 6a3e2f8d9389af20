using LvsActors.Model;

namespace LvsActors.Director.Checks;

/// <summary>Creates the checker for a check specification, aimed at a real server with the check's connect options applied.</summary>
public static class HealthCheckers
{
    /// <summary>The checker that probes <paramref name="realServer"/> as <paramref name="spec"/> says.</summary>
    public static IHealthChecker Create(HealthCheckSpec spec, Endpoint realServer)
    {
        var endpoints = CheckEndpoints.For(spec.Connect, realServer);
        return spec switch
        {
            TcpCheckSpec => new TcpChecker(endpoints),
            HttpCheckSpec http => new HttpChecker(http, endpoints),
            _ => throw new ArgumentException($"no checker for {spec.Kind} checks", nameof(spec)),
        };
    }
}
