using System.Net.Sockets;
using LvsActors.Linux.Announce;
using LvsActors.Linux.Ipvs;
using LvsActors.Linux.Netlink;
using LvsActors.Linux.Rtnetlink;
using LvsActors.Model;
using Serilog;

namespace LvsActors.Director.Leadership;

/// <summary>
/// The VIP sink of a real director: VIPs through rtnetlink, gratuitous ARP and unsolicited NA through AF_PACKET, the
/// sync daemon through IPVS generic netlink, the lease's kernel fence (<see cref="VipFence"/>) through bpf(2) and tc,
/// all in the network namespace the process runs in. Idempotent: adding a VIP that is there or removing one that is
/// not is fine. Every failure is logged with the operation and the object.
/// </summary>
public sealed class KernelVipSink : IVipSink, IDisposable
{
    private readonly ILogger _log;
    private readonly Lazy<RtnetlinkClient> _rtnetlink = new(() => RtnetlinkClient.Open());
    private readonly Lazy<GarpSender> _garp = new(() => new GarpSender());
    private readonly Lazy<NaSender> _na = new(() => new NaSender());
    private readonly Lazy<IpvsClient> _ipvs = new(() => IpvsClient.Open());
    private readonly KernelVipFence _fence;
    // The only user of the IPVS socket: sync daemon changes, one at a time, in the order asked.
    private readonly SerialWorker _sync;

    public KernelVipSink(ILogger log)
    {
        _log = log;
        _fence = new KernelVipFence(() => _rtnetlink.Value, log);
        _sync = new SerialWorker("lvs-sync-daemon", e => _log.Error("the sync daemon's change failed: {Reason}", e.Message));
    }

    // Never a permanent address: a director that dies or freezes must not leave its VIPs behind for longer than the
    // lifetime (replace also turns a permanent VIP left by an older version into a finite one).
    public void Claim(long epoch, IReadOnlyList<Vip> vips, TimeSpan lifetime) => Renew(vips, lifetime);

    public void Renew(IReadOnlyList<Vip> vips, TimeSpan lifetime)
    {
        var finite = AddressLifetime.AtLeast(lifetime);
        foreach (var vip in vips)
        {
            Try($"add or renew VIP {vip}", () => _rtnetlink.Value.AddOrRenewAddress(vip.Interface, vip.Address, vip.PrefixLength, finite));
        }
    }

    public void Fence(IReadOnlyList<Vip> vips, TimeSpan? until) => _fence.Set(vips, until);

    public bool Release(long epoch, IReadOnlyList<Vip> vips)
    {
        var released = true;
        foreach (var vip in vips)
        {
            released &= Try($"remove VIP {vip}", () => _rtnetlink.Value.RemoveAddress(vip.Interface, vip.Address, vip.PrefixLength), Eaddrnotavail);
        }
        return released;
    }

    public void Announce(IReadOnlyList<Vip> vips, int count)
    {
        foreach (var vip in vips)
        {
            Try($"announce VIP {vip}", () =>
            {
                if (vip.Address.AddressFamily == AddressFamily.InterNetwork)
                {
                    _garp.Value.Send(vip.Interface, vip.Address, count);
                }
                else
                {
                    _na.Value.Send(vip.Interface, vip.Address, count);
                }
            });
        }
    }

    public void SetSyncRole(SyncRole role, SyncDaemonSettings? settings)
    {
        if (settings is null)
        {
            return;
        }
        // Stopping a daemon waits for its kernel thread: in a starved guest the lab saw that take over 5 s (the netlink
        // receive timeout), with the VipHolder blocked meanwhile, unable to renew its lease — which then lapsed, again
        // and again. The change runs in order on the sync worker; the holder waits for it only briefly, so the master
        // daemon still starts before the VIPs go up whenever the kernel is prompt, and a slow kernel delays nobody.
        if (!_sync.Run(() => ChangeSyncRole(role, settings), SyncWait))
        {
            _log.Warning("The sync daemon's change to {Role} is still running after {Wait} ms (a slow kernel); going on without waiting for it",
                role, (int)SyncWait.TotalMilliseconds);
        }
    }

    // Long enough for a prompt kernel (starting a daemon: 2-62 ms in the lab), short against any lease.
    private static readonly TimeSpan SyncWait = TimeSpan.FromMilliseconds(100);

    private void ChangeSyncRole(SyncRole role, SyncDaemonSettings settings)
    {
        if (role == SyncRole.Both)
        {
            StartDaemon(IpvsDaemonState.Backup, settings);
            StartDaemon(IpvsDaemonState.Master, settings);
            return;
        }
        var (stop, start) = role == SyncRole.Backup ? (IpvsDaemonState.Master, IpvsDaemonState.Backup) : (IpvsDaemonState.Backup, IpvsDaemonState.Master);
        // Stopping a daemon that is not running fails with ESRCH; starting one that runs fails with EEXIST: both mean done.
        // The kernel runs a master and a backup daemon side by side: a takeover starts the master and leaves the
        // backup's stop for later.
        if (role != SyncRole.TakingOver)
        {
            Try($"stop the {stop} sync daemon", () => _ipvs.Value.StopDaemon(stop), Esrch);
        }
        StartDaemon(start, settings);
    }

    private void StartDaemon(IpvsDaemonState state, SyncDaemonSettings settings) =>
        Try($"start the {state} sync daemon on {settings.Interface}", () => _ipvs.Value.StartDaemon(new IpvsDaemon(state, settings.Interface, settings.SyncId)
        {
            MaxLength = settings.MaxLength,
            MulticastGroup = settings.Group,
            MulticastPort = settings.Port,
            MulticastTtl = settings.Ttl,
        }), Eexist);

    public void PrepareAnycast(string vipInterface)
    {
        Try($"create the VIP interface {vipInterface} (dummy, up; a kernel without dummy devices: set lvs.cluster.bgp.vip-interface = lo)",
            () => _rtnetlink.Value.EnsureDummyLink(vipInterface));
        // A flow that ECMP moves here mid-way has no connection entry: without sloppy_tcp IPVS lets its packets through
        // to the local stack, which answers the VIP's foreign connection with a reset. With it the packet is scheduled
        // (mh: the real server every director picks) and the flow goes on. expire_nodest_conn drops an entry whose
        // real server left, so its next packet is scheduled afresh rather than dropped for up to 15 minutes.
        foreach (var setting in new[] { "sloppy_tcp", "sloppy_sctp", "expire_nodest_conn" })
        {
            var path = "/proc/sys/net/ipv4/vs/" + setting;
            if (!File.Exists(path))
            {
                _log.Debug("{Setting}: no IPVS in this kernel (namespace), nothing to set", setting);
                continue;
            }
            try
            {
                File.WriteAllText(path, "1\n");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _log.Error("setting net.ipv4.vs.{Setting} = 1 failed: {Reason}", setting, e.Message);
            }
        }
    }

    public void Dispose()
    {
        _sync.Dispose();
        _fence.Dispose();
        foreach (var lazy in new IDisposable?[] { Value(_rtnetlink), Value(_garp), Value(_na), Value(_ipvs) })
        {
            lazy?.Dispose();
        }

        static IDisposable? Value<T>(Lazy<T> lazy) where T : IDisposable => lazy.IsValueCreated ? lazy.Value : null;
    }

    // errno values (asm-generic/errno-base.h, errno.h) that mean "already in the wanted state".
    private const int Esrch = 3;
    private const int Eexist = 17;
    private const int Eaddrnotavail = 99;

    private bool Try(string operation, Action action, int harmlessErrno = 0)
    {
        try
        {
            action();
            return true;
        }
        catch (NetlinkException e) when (harmlessErrno != 0 && e.Errno == harmlessErrno)
        {
            _log.Debug("{Operation}: already so", operation);
            return true;
        }
        catch (Exception e) when (e is NetlinkException or IOException)
        {
            _log.Error("{Operation} failed: {Reason}", operation, e.Message);
            return false;
        }
    }
}
