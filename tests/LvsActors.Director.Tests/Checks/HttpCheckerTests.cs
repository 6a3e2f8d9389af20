using LvsActors.Director.Checks;
using LvsActors.Model;

namespace LvsActors.Director.Tests.Checks;

/// <summary>HTTP_GET through <see cref="IHealthChecker.CheckAsync"/> on .NET sockets (the path without a probe engine, and SSL_GET's).</summary>
public sealed class HttpCheckerTests : HttpCheckerSpecs
{
    protected override Task<CheckResult> RunAsync(HealthCheckSpec spec, Endpoint realServer, TimeSpan? timeout = null) =>
        Probe.RunAsync(spec, realServer, timeout);
}
