using LvsActors.Model;

namespace LvsActors.Director.Leadership;

/// <summary>Which side of the IPVS connection sync this director runs.</summary>
public enum SyncRole
{
    /// <summary>Sends the connection table: the VIP owner.</summary>
    Master,

    /// <summary>Receives the owner's connections so that they survive a failover.</summary>
    Backup,

    /// <summary>
    /// Ready to take the VIPs over (a nominated successor), or taking them: the master daemon started beside the backup
    /// one, which <see cref="Master"/> then stops. Starting and stopping a daemon wait for its kernel threads (up to
    /// 62 ms in the lab): work for before and after a takeover, not during it.
    /// </summary>
    TakingOver,

    /// <summary>
    /// Active-active: both daemons, for good. Every director sends its connections and takes in the others', so a flow
    /// the routers move to another director finds its entry there and keeps its real server even where hashing would
    /// now pick another (a flow opened while its hashed server was down, which came back since).
    /// </summary>
    Both,
}

/// <summary>
/// The privileged side of leadership, behind one narrow interface (Seesaw's ncc): adding and removing the VIPs,
/// announcing them to the segment, switching the sync daemon. Only the node's VipHolder calls it, one call at a time.
/// Calls never throw: a failure is logged by the implementation and the caller carries on.
/// </summary>
public interface IVipSink
{
    /// <summary>
    /// Adds the VIPs to their interfaces with a finite <paramref name="lifetime"/>, after which the kernel drops them
    /// unless <see cref="Renew"/> came first; <paramref name="epoch"/> is the ownership being taken (for the record).
    /// </summary>
    void Claim(long epoch, IReadOnlyList<Vip> vips, TimeSpan lifetime);

    /// <summary>Extends the VIPs' lifetime to <paramref name="lifetime"/> from now (adding any that expired).</summary>
    void Renew(IReadOnlyList<Vip> vips, TimeSpan lifetime);

    /// <summary>
    /// Lets the kernel answer for the VIPs until <paramref name="until"/> on the host's monotonic clock (a
    /// <see cref="System.Diagnostics.Stopwatch"/> time: CLOCK_MONOTONIC on Linux) and not after, whatever this process
    /// does by then — frozen, starved or dead. The holder calls it with its lease's end before it claims and on every
    /// renewal, so a director that stops renewing stops answering exactly when its lease ends, before any voter can
    /// promise a successor. Null, once the VIPs are off this director's interfaces, lifts the fence: the VIPs'
    /// traffic passes as if there were none (a backup director that is also a real server still gets its share).
    /// </summary>
    void Fence(IReadOnlyList<Vip> vips, TimeSpan? until);

    /// <summary>Removes the VIPs; removing one that is not there is not an error. False when one could not be removed
    /// (the failure is logged): the holder then keeps the fence closed rather than lifted.</summary>
    bool Release(long epoch, IReadOnlyList<Vip> vips);

    /// <summary>Sends <paramref name="count"/> gratuitous ARPs (IPv4) or unsolicited neighbour advertisements (IPv6) per VIP.</summary>
    void Announce(IReadOnlyList<Vip> vips, int count);

    /// <summary>Runs the sync daemon as <paramref name="role"/>; nothing when <paramref name="settings"/> is null.</summary>
    void SetSyncRole(SyncRole role, SyncDaemonSettings? settings);

    /// <summary>
    /// Active-active: makes sure the dummy device <paramref name="vipInterface"/> that the VIPs are announced from exists
    /// and is up, and lets IPVS schedule a flow that reaches this director mid-way (sloppy_tcp, sloppy_sctp) and drop
    /// the entries of a real server that left (expire_nodest_conn). Nothing by default (a sink that touches no kernel).
    /// </summary>
    void PrepareAnycast(string vipInterface)
    {
    }
}
