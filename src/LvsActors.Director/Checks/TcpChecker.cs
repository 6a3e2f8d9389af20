using System.Net.Sockets;

namespace LvsActors.Director.Checks;

/// <summary>
/// TCP_CHECK: up when a TCP connection to the destination is accepted; the connection is closed at once, as keepalived
/// does. Lean on purpose, since thousands run per second: one socket and one timer per probe, and the success reason is
/// built once.
/// </summary>
public sealed class TcpChecker : IHealthChecker
{
    private readonly CheckEndpoints _endpoints;
    private readonly string _connected;

    /// <summary>Checks <paramref name="endpoints"/>' destination.</summary>
    public TcpChecker(CheckEndpoints endpoints)
    {
        _endpoints = endpoints;
        _connected = $"connected to {endpoints.Target}";
    }

    /// <inheritdoc />
    public async Task<CheckResult> CheckAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = Deadline.Start(timeout, cancellationToken);
        Socket? socket = null;
        try
        {
            socket = _endpoints.OpenSocket(SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(_endpoints.Destination, deadline.Token).ConfigureAwait(false);
            return CheckResult.Success(_connected);
        }
        catch (Exception e)
        {
            return CheckFailures.From(e, "connect to", _endpoints.Target, timeout, cancellationToken);
        }
        finally
        {
            socket?.Dispose();
        }
    }
}
