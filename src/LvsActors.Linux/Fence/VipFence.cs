using System.Net;
using LvsActors.Linux.Interop;
using LvsActors.Linux.Rtnetlink;

namespace LvsActors.Linux.Fence;

/// <summary>
/// The kernel side of the VIP lease: <see cref="VipFenceProgram"/> on the ingress hook of each VIP interface, and its
/// map of VIP → deadline. While <see cref="OpenUntil"/>'s deadline lies ahead the kernel answers for the VIP as usual;
/// after it, it drops the VIP's packets, ARP requests and neighbour solicitations by itself — a director that froze (SIGSTOP, a stalled VM)
/// or died with the VIP still on its interface stops answering when its lease ends, to the millisecond, instead of
/// when the address's lifetime runs out a second or two later. An attached filter keeps the program and map alive
/// after this process is gone, with the last deadline in it; the next run replaces the filter (same priority and
/// handle). Not thread-safe: the VIP sink is its one owner.
/// </summary>
public sealed class VipFence : IDisposable
{
    /// <summary>The map's name, as bpftool and the lab's sampler find it.</summary>
    public const string MapName = "lvs_vip_fence";

    /// <summary>The filter's priority on the ingress hook: first, before any other classifier.</summary>
    public const ushort Priority = 1;

    /// <summary>The filter's handle: with <see cref="Priority"/>, what a restart replaces and a stop removes.</summary>
    public const uint Handle = 0xF3CE;

    private const uint MaxVips = 256;
    private readonly SocketHandle _map;
    private readonly SocketHandle _program;
    private readonly List<int> _interfaces;

    private VipFence(SocketHandle map, SocketHandle program, List<int> interfaces) =>
        (_map, _program, _interfaces) = (map, program, interfaces);

    /// <summary>The interfaces (indexes) the fence is attached to.</summary>
    public IReadOnlyList<int> Interfaces => _interfaces;

    /// <summary>
    /// Creates the map and the program and attaches it to the ingress of every interface named (adding the clsact
    /// qdisc where there is none). Throws <see cref="BpfException"/> or <see cref="Netlink.NetlinkException"/> with
    /// the step that failed; nothing stays attached then.
    /// </summary>
    public static VipFence Attach(RtnetlinkClient rtnetlink, IEnumerable<string> interfaceNames)
    {
        var map = BpfSyscalls.CreateMap(BpfSyscalls.MapTypeHash, VipFenceProgram.KeySize, 8, MaxVips, MapName);
        SocketHandle program;
        try
        {
            program = BpfSyscalls.LoadProgram(BpfSyscalls.ProgTypeSchedCls,
                map.Use(fd => VipFenceProgram.Build(fd)), "GPL", MapName);
        }
        catch
        {
            map.Dispose();
            throw;
        }
        var fence = new VipFence(map, program, []);
        try
        {
            fence.AttachTo(rtnetlink, interfaceNames);
            return fence;
        }
        catch
        {
            // Only what this call attached comes off: a filter another run left stays until a later attach replaces it.
            try
            {
                fence.Detach(rtnetlink);
            }
            catch (Netlink.NetlinkException)
            {
                // The first failure is the one to report.
            }
            fence.Dispose();
            throw;
        }
    }

    /// <summary>Attaches the program (and so its map) to the ingress of more interfaces, replacing a filter of the same
    /// priority and handle that a previous run left there; <see cref="Interfaces"/> lists every one attached.</summary>
    public void AttachTo(RtnetlinkClient rtnetlink, IEnumerable<string> interfaceNames)
    {
        foreach (var name in interfaceNames.Distinct(StringComparer.Ordinal))
        {
            var index = rtnetlink.GetInterfaceIndex(name);
            rtnetlink.EnsureClsactQdisc(index);
            _program.Use(fd =>
            {
                rtnetlink.ReplaceIngressBpfFilter(index, Priority, Handle, fd, MapName);
                return 0;
            });
            if (!_interfaces.Contains(index))
            {
                _interfaces.Add(index);
            }
        }
    }

    /// <summary>The kernel answers for <paramref name="vip"/> until <paramref name="deadlineNanoseconds"/>
    /// (CLOCK_MONOTONIC), and drops its packets and ARP requests after.</summary>
    public void OpenUntil(IPAddress vip, ulong deadlineNanoseconds) =>
        BpfSyscalls.Update(_map, VipFenceProgram.Key(vip), BitConverter.GetBytes(deadlineNanoseconds));

    /// <summary>The kernel drops <paramref name="vip"/>'s packets and ARP requests from now on.</summary>
    public void Close(IPAddress vip) => OpenUntil(vip, 0);

    /// <summary>No fence for <paramref name="vip"/>: its frames pass, as if the program were not there.</summary>
    public void Lift(IPAddress vip) => BpfSyscalls.Delete(_map, VipFenceProgram.Key(vip));

    /// <summary>Takes the filter off every interface (a director that stops for good); the VIPs pass unfenced then.</summary>
    public void Detach(RtnetlinkClient rtnetlink)
    {
        foreach (var index in _interfaces)
        {
            rtnetlink.DeleteIngressFilter(index, Priority, Handle);
        }
    }

    /// <summary>Closes this process's descriptors; an attached filter keeps the program and map in the kernel.</summary>
    public void Dispose()
    {
        _program.Dispose();
        _map.Dispose();
    }
}
