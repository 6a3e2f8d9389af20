using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LvsActors.Director.Checks;

/// <summary>
/// PING_CHECK: one ICMP (or ICMPv6) echo, up when the matching reply arrives before the timeout. Like keepalived's
/// check_ping.c it uses an unprivileged ICMP datagram socket, on which the kernel picks the identifier and delivers
/// only replies to it; keepalived widens net.ipv4.ping_group_range to allow that, which we do not do to the host.
/// Where the range excludes us it falls back to a raw socket (needs CAP_NET_RAW), which sees every ICMP message,
/// so replies are matched by our own identifier and the sequence number.
/// </summary>
public sealed class PingChecker : IHealthChecker
{
    private readonly CheckEndpoints _endpoints;
    private readonly string _target;
    private readonly bool _ipv6;
    private readonly ushort _identifier = (ushort)Random.Shared.Next(1, ushort.MaxValue);
    private int _sequence;

    /// <summary>Pings the address of <paramref name="endpoints"/>' destination; its port is not used.</summary>
    public PingChecker(CheckEndpoints endpoints)
    {
        _endpoints = endpoints;
        _ipv6 = endpoints.Destination.AddressFamily == AddressFamily.InterNetworkV6;
        _target = endpoints.Destination.Address.ToString();
    }

    /// <inheritdoc />
    public async Task<CheckResult> CheckAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = Deadline.Start(timeout, cancellationToken);
        var sequence = (ushort)Interlocked.Increment(ref _sequence);
        try
        {
            using var socket = OpenSocket(out var raw);
            var destination = new IPEndPoint(_endpoints.Destination.Address, 0);
            await socket.ConnectAsync(destination, deadline.Token).ConfigureAwait(false);
            // A datagram socket's kernel-chosen identifier is its local port; replies to it carry it back.
            var identifier = raw ? _identifier : (ushort)((IPEndPoint)socket.LocalEndPoint!).Port;
            var started = Stopwatch.GetTimestamp();
            await socket.SendAsync(IcmpEcho.Request(_ipv6, identifier, sequence), SocketFlags.None, deadline.Token).ConfigureAwait(false);
            var buffer = new byte[1500];
            while (true)
            {
                var length = await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token).ConfigureAwait(false);
                if (IcmpEcho.IsReply(buffer.AsSpan(0, length), _ipv6, withIpHeader: raw && !_ipv6, identifier, sequence))
                {
                    var elapsed = Stopwatch.GetElapsedTime(started);
                    return CheckResult.Success($"echo reply from {_target} in {elapsed.TotalMilliseconds:0.###}ms ({(raw ? "raw" : "datagram")} socket)");
                }
            }
        }
        catch (Exception e)
        {
            return CheckFailures.From(e, "ping", _target, timeout, cancellationToken);
        }
    }

    private Socket OpenSocket(out bool raw)
    {
        var protocol = _ipv6 ? ProtocolType.IcmpV6 : ProtocolType.Icmp;
        try
        {
            raw = false;
            return _endpoints.OpenSocket(SocketType.Dgram, protocol);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.AccessDenied or SocketError.ProtocolNotSupported or SocketError.SocketNotSupported)
        {
            // EACCES: our group is outside net.ipv4.ping_group_range (it also governs ICMPv6 datagram sockets).
            raw = true;
            return _endpoints.OpenSocket(SocketType.Raw, protocol);
        }
    }
}
