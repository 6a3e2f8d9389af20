using System.Net;
using LvsActors.Linux.Netlink;
using static LvsActors.Linux.Netlink.NetlinkConstants;

namespace LvsActors.Linux.Rtnetlink;

/// <summary>
/// Adds, removes and lists interface addresses (VIPs) over rtnetlink in the process's network namespace, and looks
/// up interface indexes. Listing needs no privilege; changes need CAP_NET_ADMIN. Not thread-safe: one owner.
/// Errors are <see cref="NetlinkException"/>s worded like "rtnetlink AddAddress 192.0.2.1/32 on eth0: address exists".
/// </summary>
public sealed class RtnetlinkClient : IDisposable
{
    private readonly NetlinkChannel _channel;
    private readonly NetlinkMessageWriter _writer = new(1024);

    internal RtnetlinkClient(NetlinkChannel channel) => _channel = channel;

    /// <summary>Opens a NETLINK_ROUTE socket; receives wait at most <paramref name="receiveTimeout"/> (default 5 s).</summary>
    public static RtnetlinkClient Open(TimeSpan? receiveTimeout = null) =>
        new(new NetlinkChannel(NetlinkSocket.Open(NETLINK_ROUTE, receiveTimeout ?? TimeSpan.FromSeconds(5))));

    /// <summary>Returns the index of the interface named <paramref name="interfaceName"/>.</summary>
    public int GetInterfaceIndex(string interfaceName)
    {
        int? index = null;
        NetlinkAck ack = Query(
            (w, s) => RtnetlinkMessages.GetLinkByName(w, s, interfaceName),
            m => index ??= RtnetlinkMessages.ReadLinkIndex(m));
        ThrowIfFailed(ack, "GetInterfaceIndex", interfaceName);
        return index ?? throw NetlinkReader.Malformed($"RTM_GETLINK {interfaceName} acknowledged without a reply");
    }

    /// <summary>Makes sure a dummy device named <paramref name="interfaceName"/> exists and is up (ip link add … type
    /// dummy; ip link set … up): a link of that name that is there already is only set up, whatever its kind.</summary>
    public void EnsureDummyLink(string interfaceName)
    {
        NetlinkAck ack = Change((w, s) => RtnetlinkMessages.NewDummyLink(w, s, interfaceName));
        if (ack.Errno == EEXIST)
        {
            int index = GetInterfaceIndex(interfaceName);
            ack = Change((w, s) => RtnetlinkMessages.SetLinkUp(w, s, index));
        }
        ThrowIfFailed(ack, "EnsureDummyLink", interfaceName);
    }

    /// <summary>Adds <paramref name="address"/>/<paramref name="prefixLength"/> to an interface (ip addr add);
    /// IPv6 addresses skip duplicate address detection. Fails with EEXIST when the address is already there.</summary>
    public void AddAddress(string interfaceName, IPAddress address, int prefixLength)
    {
        int index = GetInterfaceIndex(interfaceName);
        NetlinkAck ack = Change((w, s) => RtnetlinkMessages.NewAddress(w, s, index, address, prefixLength));
        ThrowIfFailed(ack, "AddAddress", $"{address}/{prefixLength} on {interfaceName}");
    }

    /// <summary>Adds an address with a finite lifetime, or renews the lifetime of one that is there (ip addr replace …
    /// valid_lft V preferred_lft P); the kernel deletes it by itself once the lifetime runs out unrenewed.</summary>
    public void AddOrRenewAddress(string interfaceName, IPAddress address, int prefixLength, AddressLifetime lifetime)
    {
        int index = GetInterfaceIndex(interfaceName);
        NetlinkAck ack = Change((w, s) => RtnetlinkMessages.RenewAddress(w, s, index, address, prefixLength, lifetime));
        ThrowIfFailed(ack, "AddOrRenewAddress", $"{address}/{prefixLength} on {interfaceName} ({lifetime})");
    }

    /// <summary>Removes an address from an interface (ip addr del). Fails with EADDRNOTAVAIL when it is not there.</summary>
    public void RemoveAddress(string interfaceName, IPAddress address, int prefixLength)
    {
        int index = GetInterfaceIndex(interfaceName);
        NetlinkAck ack = Change((w, s) => RtnetlinkMessages.DelAddress(w, s, index, address, prefixLength));
        ThrowIfFailed(ack, "RemoveAddress", $"{address}/{prefixLength} on {interfaceName}");
    }

    /// <summary>Lists the IPv4 and IPv6 addresses of one interface, or of all interfaces when the name is null.</summary>
    public IReadOnlyList<InterfaceAddress> GetAddresses(string? interfaceName = null)
    {
        int? index = interfaceName is null ? null : GetInterfaceIndex(interfaceName);
        var addresses = new List<InterfaceAddress>();
        NetlinkAck ack = Query((w, s) => RtnetlinkMessages.DumpAddresses(w, s), m =>
        {
            if (RtnetlinkMessages.ReadAddress(m) is { } address && (index is null || address.InterfaceIndex == index))
            {
                addresses.Add(address);
            }
        });
        ThrowIfFailed(ack, "GetAddresses", interfaceName ?? "all interfaces");
        return addresses;
    }

    /// <summary>Puts the clsact qdisc on an interface, unless it (or an ingress qdisc) is there already.</summary>
    public void EnsureClsactQdisc(int interfaceIndex)
    {
        NetlinkAck ack = Change((w, s) => RtnetlinkMessages.NewClsactQdisc(w, s, interfaceIndex));
        if (ack.Errno != EEXIST)
        {
            ThrowIfFailed(ack, "NewQdisc clsact", $"on interface {interfaceIndex}");
        }
    }

    /// <summary>Attaches (or replaces) a direct-action eBPF classifier on an interface's ingress hook.</summary>
    public void ReplaceIngressBpfFilter(int interfaceIndex, ushort priority, uint handle, int programFd, string name)
    {
        NetlinkAck ack = Change((w, s) => RtnetlinkMessages.ReplaceIngressBpfFilter(w, s, interfaceIndex, priority, handle, programFd, name));
        ThrowIfFailed(ack, "NewTfilter bpf", $"{name} on interface {interfaceIndex} ingress prio {priority}");
    }

    /// <summary>Detaches the ingress filter <see cref="ReplaceIngressBpfFilter"/> attached; false when it was not there.</summary>
    public bool DeleteIngressFilter(int interfaceIndex, ushort priority, uint handle)
    {
        NetlinkAck ack = Change((w, s) => RtnetlinkMessages.DelIngressFilter(w, s, interfaceIndex, priority, handle));
        if (ack.Errno is ENOENT or EINVAL or ENODEV)
        {
            return false;
        }
        ThrowIfFailed(ack, "DelTfilter", $"on interface {interfaceIndex} ingress prio {priority}");
        return true;
    }

    /// <summary>Closes the socket.</summary>
    public void Dispose()
    {
        _channel.Dispose();
        _writer.Dispose();
    }

    private NetlinkAck Change(Action<NetlinkMessageWriter, uint> write)
    {
        uint sequence = _channel.ReserveSequences(1);
        _writer.Clear();
        write(_writer, sequence);
        return _channel.Execute(_writer.WrittenSpan, sequence, 1)[0];
    }

    private NetlinkAck Query(Action<NetlinkMessageWriter, uint> write, NetlinkReplyHandler onReply)
    {
        uint sequence = _channel.ReserveSequences(1);
        _writer.Clear();
        write(_writer, sequence);
        return _channel.Request(_writer.WrittenSpan, sequence, onReply);
    }

    private static void ThrowIfFailed(NetlinkAck ack, string operation, string subject)
    {
        if (ack.IsSuccess)
        {
            return;
        }

        string reason = ack.Errno switch
        {
            EEXIST => "address exists",
            EADDRNOTAVAIL => "no such address on the interface",
            ENODEV => "no such interface",
            EPERM => "operation not permitted: needs CAP_NET_ADMIN in this network namespace",
            _ => $"{NetlinkException.Describe(ack.Errno)} (errno {ack.Errno})",
        };
        string detail = ack.KernelMessage is { Length: > 0 } text ? $" (kernel: {text})" : string.Empty;
        throw new NetlinkException($"rtnetlink {operation} {subject}: {reason}{detail}", ack.Errno, ack.KernelMessage);
    }
}
