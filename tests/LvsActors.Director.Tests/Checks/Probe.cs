using System.Net;
using LvsActors.Director.Checks;
using LvsActors.Model;

namespace LvsActors.Director.Tests.Checks;

/// <summary>Runs a check specification through the factory against a real server on the loopback.</summary>
internal static class Probe
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static Endpoint Loopback(int port) => new(IPAddress.Loopback, (ushort)port);

    public static ConnectOptions Connect(IPAddress? address = null, int? port = null, IPAddress? bindAddress = null, int? bindPort = null) =>
        new(address, (ushort?)port, bindAddress, (ushort?)bindPort);

    public static Task<CheckResult> RunAsync(HealthCheckSpec spec, Endpoint realServer, TimeSpan? timeout = null) =>
        HealthCheckers.Create(spec, realServer).CheckAsync(timeout ?? Timeout, CancellationToken.None);

    /// <summary>A port that nothing listens on (TCP or UDP): one that was free a moment ago.</summary>
    public static int ClosedPort() => LoopbackPort.Free();
}
