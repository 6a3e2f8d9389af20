using System.Net;

namespace LvsActors.Model;

/// <summary>A router the director announces the VIPs to: a BGP neighbour of the director's daemon.</summary>
public sealed record BgpRouter(IPAddress Address, uint As);

/// <summary>BFD on the router sessions: a dead director's routes go after <see cref="Interval"/> × <see cref="Multiplier"/>.</summary>
public sealed record BfdSettings(TimeSpan Interval, int Multiplier)
{
    /// <summary>100 ms × 3: a director whose machine died is withdrawn in about 0.3 s.</summary>
    public static readonly BfdSettings Default = new(TimeSpan.FromMilliseconds(100), 3);
}

/// <summary>
/// lvs.cluster.bgp: how an active-active director announces the VIPs, through an existing BGP daemon (BIRD 2). The
/// director holds each VIP as a host route on <see cref="VipInterface"/> (a dummy device, the address with a finite
/// lifetime it renews); the daemon announces what is there (its <c>direct</c> protocol) and withdraws what is gone.
/// The director writes the daemon's part of the configuration to <see cref="ConfigFile"/> (bird.conf includes it) and
/// asks the daemon to re-read it through <see cref="ControlSocket"/>.
/// </summary>
/// <param name="RouterId">BIRD's router id; null leaves it to bird.conf (or BIRD's own choice).</param>
/// <param name="HoldTime">The BGP hold time; the session's keepalive is a third of it.</param>
public sealed record BgpSettings(
    string ControlSocket,
    string ConfigFile,
    string VipInterface,
    IPAddress? RouterId,
    uint LocalAs,
    ValueList<BgpRouter> Routers,
    BfdSettings? Bfd,
    TimeSpan HoldTime)
{
    /// <summary>
    /// How many times a director that is not a VIP group's preferred one prepends its AS to the group's routes: the
    /// routers take the preferred path while it is there and fall back to the others' at once when it goes.
    /// </summary>
    public int BackupPrepend { get; init; } = 3;

    /// <summary>
    /// How long a director that joins while other directors serve waits before it announces, with a sync daemon: time
    /// for their connection entries to reach it, so the flows the routers move to it keep their real servers.
    /// </summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Debian's bird2 control socket.</summary>
    public const string DefaultControlSocket = "/run/bird/bird.ctl";

    /// <summary>Where the director writes its part of BIRD's configuration (bird.conf: include "/etc/bird/lvsactors.conf";).</summary>
    public const string DefaultConfigFile = "/etc/bird/lvsactors.conf";

    /// <summary>The dummy device the VIPs are announced from.</summary>
    public const string DefaultVipInterface = "lvsvip0";
}
