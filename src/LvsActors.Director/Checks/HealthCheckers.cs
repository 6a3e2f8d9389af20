using LvsActors.Linux.Probes;
using LvsActors.Model;

namespace LvsActors.Director.Checks;

/// <summary>Creates the checker for a check specification, aimed at a real server with the check's connect options applied.</summary>
public static class HealthCheckers
{
    /// <summary>
    /// The checker that probes <paramref name="realServer"/> as <paramref name="spec"/> says. Throws only for a kind of
    /// specification that has no checker, which is a programming error, not a configuration one.
    /// </summary>
    public static IHealthChecker Create(HealthCheckSpec spec, RealServer realServer) => Create(spec, realServer.Endpoint, realServer.Weight);

    /// <summary>The checker for a real server at <paramref name="endpoint"/> configured with <paramref name="weight"/>.</summary>
    public static IHealthChecker Create(HealthCheckSpec spec, Endpoint endpoint, int weight = RealServer.DefaultWeight) => spec switch
    {
        // These two do not talk to the real server, so its address is not needed.
        MiscCheckSpec misc => new MiscChecker(misc),
        FileCheckSpec file => new FileChecker(file, weight),
        _ => CreateNetworkChecker(spec, CheckEndpoints.For(spec.Connect, endpoint)),
    };

    private static TcpProbeEngine? SharedEngine => TcpProbeEngine.IsSupported ? TcpProbeEngine.Shared : null;

    private static IHealthChecker CreateNetworkChecker(HealthCheckSpec spec, CheckEndpoints endpoints) => spec switch
    {
        TcpCheckSpec => new TcpChecker(endpoints, SharedEngine),
        HttpCheckSpec http => new HttpChecker(http, endpoints, SharedEngine),
        SmtpCheckSpec smtp => new SmtpChecker(smtp, endpoints),
        DnsCheckSpec dns => new DnsChecker(dns, endpoints),
        UdpCheckSpec udp => new UdpChecker(udp, endpoints),
        PingCheckSpec => new PingChecker(endpoints),
        _ => throw new ArgumentException($"no checker for {spec.Kind} checks", nameof(spec)),
    };
}
