using System.Net.Sockets;

namespace LvsActors.Director.Checks;

/// <summary>
/// TCP_CHECK: up when the real server answers the SYN with a SYN-ACK, i.e. its port is listening. Like HAProxy's
/// layer-4 check, the final ACK is held back (TCP_QUICKACK off) and the socket closed with a reset, so the real
/// server's application never sees a connection to accept and close — the same verdict as keepalived's full
/// connect, at a fraction of the cost on both sides. Lean on purpose, since thousands run per second: one socket
/// and one timer per probe, and the success reason is built once.
/// </summary>
public sealed class TcpChecker : IHealthChecker
{
    private const int IpProtoTcp = 6;
    private const int TcpQuickAck = 12;
    private static readonly byte[] QuickAckOff = new byte[4];
    private static readonly LingerOption ResetOnClose = new(true, 0);

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
            // With quick ACKs off the kernel delays the ACK of the SYN-ACK, hoping to piggyback it on data; the
            // reset below goes out first.
            socket.SetRawSocketOption(IpProtoTcp, TcpQuickAck, QuickAckOff);
            await socket.ConnectAsync(_endpoints.Destination, deadline.Token).ConfigureAwait(false);
            socket.LingerState = ResetOnClose;
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
