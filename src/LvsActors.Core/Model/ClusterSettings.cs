using System.Net;

namespace LvsActors.Model;

/// <summary>What a director node is in the cluster.</summary>
public enum DirectorRole
{
    /// <summary>Runs checkers and a data plane and may own the VIPs.</summary>
    Director,

    /// <summary>Votes in the cluster so that two directors can decide a split; runs no data plane.</summary>
    Witness,
}

/// <summary>A virtual IP address the owning director holds on an interface (keepalived virtual_ipaddress).</summary>
public sealed record Vip(IPAddress Address, int PrefixLength, string Interface)
{
    /// <summary>
    /// Active-active: the VIP group this VIP is spread with (<c>group</c>). A group is preferred on one director, the
    /// groups balanced over the directors; the others announce it too, as a longer path the routers fall back to. Null:
    /// every director announces the VIP alike (ECMP over all).
    /// </summary>
    public string? Group { get; init; }

    public override string ToString() => $"{Address}/{PrefixLength} dev {Interface}";
}

/// <summary>Gratuitous ARP / unsolicited NA after taking the VIPs (keepalived garp_master_delay, _repeat, _refresh).</summary>
public sealed record AnnounceSettings(TimeSpan Delay, int Repeat, TimeSpan Refresh)
{
    /// <summary>keepalived's defaults: a second burst 5 s after the first, 5 packets each, no periodic refresh.</summary>
    public static readonly AnnounceSettings Default = new(TimeSpan.FromSeconds(5), 5, TimeSpan.Zero);
}

/// <summary>The IPVS connection sync daemon (keepalived lvs_sync_daemon): the VIP owner runs MASTER, the others BACKUP.</summary>
public sealed record SyncDaemonSettings(string Interface, uint SyncId, ushort MaxLength, IPAddress Group, ushort Port, byte Ttl)
{
    /// <summary>The kernel's default multicast group for connection sync.</summary>
    public static readonly IPAddress DefaultGroup = IPAddress.Parse("224.0.0.81");

    /// <summary>The kernel's default sync port.</summary>
    public const ushort DefaultPort = 8848;
}

/// <summary>
/// Leadership of the director cluster: which VIPs move with ownership, who is preferred, and what runs on a change.
/// It replaces keepalived's vrrp_instance.
/// </summary>
/// <param name="Priority">Higher is preferred as VIP owner (VRRP priority), 1–255.</param>
/// <param name="Preempt">A preferred director takes the VIPs back when it returns (VRRP preempt).</param>
/// <param name="IsolationTimeout">A director that cannot see a majority drops its VIPs within this time.</param>
/// <param name="TrackInterfaces">Interfaces that must be up for this director to hold the VIPs (track_interface).</param>
/// <param name="TrackScript">A program that must exit 0 for this director to hold the VIPs (track_script).</param>
/// <param name="ExpectedVoters">
/// How many voting members (directors and witnesses) the cluster is built of. A majority is counted against the larger
/// of this and the current voters, so that a lone survivor, or one half of a split, never counts as a majority of itself.
/// </param>
public sealed record ClusterSettings(
    DirectorRole Role,
    int Priority,
    bool Preempt,
    TimeSpan PreemptDelay,
    ValueList<Vip> Vips,
    AnnounceSettings Announce,
    SyncDaemonSettings? SyncDaemon,
    NotifyCommand? NotifyMaster,
    NotifyCommand? NotifyBackup,
    NotifyCommand? NotifyFault,
    TimeSpan IsolationTimeout,
    ValueList<string> TrackInterfaces,
    NotifyCommand? TrackScript,
    int ExpectedVoters)
{
    /// <summary>The certificates of the remoting link (lvs.cluster.tls); null when the cluster runs unauthenticated.</summary>
    public ClusterTls? Tls { get; init; }

    /// <summary>True when the operator said <c>lvs.cluster.tls.insecure = on</c>: any process may join, and every start warns.</summary>
    public bool Insecure { get; init; }

    /// <summary>One owner of the VIPs at a time (the default), or every director announcing them by BGP (lvs.cluster.mode).</summary>
    public ClusterMode Mode { get; init; }

    /// <summary>How an active-active director announces the VIPs (lvs.cluster.bgp); null when not configured.</summary>
    public BgpSettings? Bgp { get; init; }

    /// <summary>A single director: no VIPs to move, preferred, preempting.</summary>
    public static readonly ClusterSettings Default = new(
        DirectorRole.Director, 100, true, TimeSpan.Zero, ValueList<Vip>.Empty, AnnounceSettings.Default, null, null, null, null,
        TimeSpan.FromMilliseconds(750), ValueList<string>.Empty, null, 1);
}
