using System.Net.Sockets;
using LvsActors.Configuration;
using LvsActors.Model;

namespace LvsActors.Director.Checks;

/// <summary>
/// UDP_CHECK: the payload is sent in one datagram from a connected socket. As keepalived's check_udp.c and
/// udp_socket_state: without require-reply the server is up unless an ICMP error (port unreachable) comes back before
/// the timeout; silence is up. With require-reply a reply must arrive, and its length must lie within the bounds.
/// keepalived checks the bounds only together with expected reply bytes, which this model does not have, so here the
/// bounds always apply when a reply is required.
/// </summary>
public sealed class UdpChecker : IHealthChecker
{
    private readonly CheckEndpoints _endpoints;
    private readonly UdpCheckSpec _spec;
    private readonly byte[] _payload;

    /// <summary>Sends <paramref name="spec"/>'s payload to <paramref name="endpoints"/>' destination.</summary>
    public UdpChecker(UdpCheckSpec spec, CheckEndpoints endpoints)
    {
        _spec = spec;
        _endpoints = endpoints;
        _payload = spec.Payload.ToArray();
    }

    /// <inheritdoc />
    public async Task<CheckResult> CheckAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = Deadline.Start(timeout, cancellationToken);
        try
        {
            using var socket = _endpoints.OpenSocket(SocketType.Dgram, ProtocolType.Udp);
            // Connected: the kernel then reports an ICMP port unreachable as ECONNREFUSED on this socket.
            await socket.ConnectAsync(_endpoints.Destination, deadline.Token).ConfigureAwait(false);
            await socket.SendAsync(_payload, SocketFlags.None, deadline.Token).ConfigureAwait(false);
            // One byte beyond the maximum, so that a longer reply shows as longer instead of fitting exactly.
            var reply = new byte[_spec.RequireReply ? _spec.MaxReplyLength + 1 : 1];
            int length;
            try
            {
                length = await socket.ReceiveAsync(reply, SocketFlags.None, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && !_spec.RequireReply)
            {
                return CheckResult.Success($"UDP {_endpoints.Target}: no ICMP error within {DurationText.Format(timeout)}");
            }
            if (!_spec.RequireReply)
            {
                return CheckResult.Success($"UDP {_endpoints.Target} replied");
            }
            if (length < _spec.MinReplyLength || length > _spec.MaxReplyLength)
            {
                var size = length > _spec.MaxReplyLength ? $"more than {_spec.MaxReplyLength}" : length.ToString();
                return CheckResult.Failure(
                    $"UDP reply from {_endpoints.Target} is {size} bytes, outside {_spec.MinReplyLength}-{_spec.MaxReplyLength}");
            }
            return CheckResult.Success($"UDP {_endpoints.Target} replied with {length} bytes");
        }
        catch (Exception e)
        {
            return e is SocketException { SocketErrorCode: SocketError.ConnectionRefused }
                ? CheckResult.Failure($"UDP {_endpoints.Target}: port unreachable")
                : CheckFailures.From(e, _spec.RequireReply ? "UDP reply from" : "UDP to", _endpoints.Target, timeout, cancellationToken);
        }
    }
}
