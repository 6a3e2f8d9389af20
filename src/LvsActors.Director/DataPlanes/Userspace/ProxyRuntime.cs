using LvsActors.Linux.Relay;
using Serilog;

namespace LvsActors.Director.DataPlanes.Userspace;

/// <summary>What every listener and connection of one data plane shares: options, connection tables, the log.</summary>
internal sealed class ProxyRuntime(UserspaceOptions options, ILogger log)
{
    public UserspaceOptions Options { get; } = options;

    public ILogger Log { get; } = log;

    /// <summary>The one thread that accepts and relays every TCP connection of this data plane.</summary>
    public TcpRelayEngine Relays { get; } = new("tcp-relay", options.TcpBufferSize);

    /// <summary>Open TCP connections, from accept to the last byte relayed.</summary>
    public ConnectionTable Tcp { get; } = new(options.MaxConnections);

    /// <summary>Open UDP flows and one-packet exchanges.</summary>
    public ConnectionTable Udp { get; } = new(options.MaxConnections);

    public long TcpConnectTimeoutMilliseconds { get; } = (long)options.TcpConnectTimeout.TotalMilliseconds;

    public long TcpIdleTimeoutMilliseconds { get; } = (long)options.TcpIdleTimeout.TotalMilliseconds;

    public long UdpTimeoutMilliseconds { get; } = (long)options.UdpTimeout.TotalMilliseconds;

    public long OnePacketReplyWindowMilliseconds { get; } = (long)options.OnePacketReplyWindow.TotalMilliseconds;
}
