using LvsActors.Scheduling;

namespace LvsActors.Director.DataPlanes.Userspace;

/// <summary>
/// Timeouts and limits of the userspace proxy. The connection timeouts default to the kernel's IPVS ones
/// (<c>ipvsadm --set tcp tcpfin udp</c> = 900 120 300 seconds), so that counters and persistence behave as on the
/// ipvs data plane.
/// </summary>
public sealed record UserspaceOptions
{
    /// <summary>
    /// How long connecting to a real server may take before it counts as failed (and another server is tried once).
    /// Default 5 s, keepalived's <c>connect_timeout</c>.
    /// </summary>
    public TimeSpan TcpConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A relayed TCP connection with no data in either direction for this long is reset on both legs.
    /// Default 900 s, the kernel's IPVS <c>tcp</c> (ESTABLISHED) timeout.
    /// </summary>
    public TimeSpan TcpIdleTimeout { get; init; } = TimeSpan.FromSeconds(900);

    /// <summary>
    /// How long a closed TCP connection still counts as an inactive connection of its real server, as the kernel
    /// keeps a FIN_WAIT/TIME_WAIT entry. Default 120 s, the kernel's IPVS <c>tcpfin</c> timeout; lc, wlc, sed and
    /// the thresholds read it.
    /// </summary>
    public TimeSpan TcpInactiveTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>
    /// A UDP flow (one client address and port) with no datagram either way for this long is forgotten, and the
    /// client's next datagram is scheduled afresh. Default 300 s, the kernel's IPVS <c>udp</c> timeout.
    /// </summary>
    public TimeSpan UdpTimeout { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>
    /// With one-packet scheduling every datagram goes out from its own socket; answers from the real server are
    /// relayed to the client for this long, then the socket is closed. Default 2 s.
    /// </summary>
    public TimeSpan OnePacketReplyWindow { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How often timeouts are checked and expired counters released; also their granularity. Default 1 s, as
    /// the kernel's connection timers are jiffies-based but persistence and TIME_WAIT are counted in seconds.</summary>
    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The listen backlog of each TCP virtual service (clamped by the kernel to <c>net.core.somaxconn</c>).
    /// Default 511, nginx's.</summary>
    public int AcceptBacklog { get; init; } = 511;

    /// <summary>Open TCP connections (and, separately, UDP flows) above which new clients are reset at once, so that
    /// a flood cannot exhaust file descriptors. Default 100,000.</summary>
    public int MaxConnections { get; init; } = 100_000;

    /// <summary>Bytes buffered per direction of a TCP connection (pooled). Default 16 KiB, HAProxy's <c>bufsize</c>.</summary>
    public int TcpBufferSize { get; init; } = 16 * 1024;

    /// <summary>
    /// A persistence template whose real server has weight 0 no longer binds its clients, so that draining a server
    /// also drains its persistent clients: the kernel's <c>expire_quiescent_template</c> sysctl set to 1 (the
    /// kernel's own default is 0). Default true.
    /// </summary>
    public bool ExpireQuiescentTemplates { get; init; } = true;

    /// <summary>
    /// Listeners bind a VIP this host does not hold yet (IP_FREEBIND), as HAProxy with ip_nonlocal_bind: an
    /// active-active director binds before it announces the VIP. Default false: a VIP that is not an address of this
    /// host is refused, with the reason, since it would never receive a packet.
    /// </summary>
    public bool BindNotYetLocal { get; init; }

    /// <summary>Settings of the schedulers (clock, table sizes, randomness).</summary>
    public SchedulerOptions Scheduling { get; init; } = SchedulerOptions.Default;

    /// <summary>The defaults described on each property.</summary>
    public static UserspaceOptions Default { get; } = new();

    internal long SweepMilliseconds => Math.Max(1, (long)SweepInterval.TotalMilliseconds);
}
