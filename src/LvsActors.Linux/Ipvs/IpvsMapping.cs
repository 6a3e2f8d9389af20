using System.Net;
using System.Net.Sockets;
using LvsActors.Model;
using LvsActors.Table;

namespace LvsActors.Linux.Ipvs;

/// <summary>
/// Translates between table entries (LVS words) and the IPVS client's records (kernel words), both ways, so that a
/// table dumped from the kernel compares with a desired one. What configuration cannot express maps to its nearest
/// equivalent, as <c>ipvsadm -S</c> does: "local node" forwarding reads as direct routing.
/// </summary>
internal static class IpvsMapping
{
    // IP_VS_SVC_F_SCHED1..3 sit three bits up from our SchedulerFlags.Sched1..3.
    private const int SchedulerFlagShift = 3;

    public static IpvsServiceKey ToKernel(VirtualServiceKey key) => key switch
    {
        AddressServiceKey a => IpvsServiceKey.For(a.Protocol, a.Endpoint.Address, a.Endpoint.Port),
        FirewallMarkServiceKey f => IpvsServiceKey.ForFirewallMark(f.Mark, f.Family),
        _ => throw new ArgumentOutOfRangeException(nameof(key)),
    };

    public static VirtualServiceKey FromKernel(IpvsServiceKey key) => key.IsFirewallMark
        ? new FirewallMarkServiceKey(key.FirewallMark, key.Family)
        : new AddressServiceKey(
            key.Protocol ?? throw new ArgumentException($"IPVS service {key} has an address but no protocol.", nameof(key)),
            new Endpoint(key.Address!, key.Port));

    public static IpvsService ToKernel(ServiceEntry entry)
    {
        var flags = (IpvsServiceFlags)((uint)entry.Scheduler.Flags << SchedulerFlagShift);
        if (entry.Persistence is not null)
        {
            flags |= IpvsServiceFlags.Persistent;
        }
        if (entry.OnePacket)
        {
            flags |= IpvsServiceFlags.OnePacket;
        }
        return new IpvsService(ToKernel(entry.Key), entry.Scheduler.Name)
        {
            Flags = flags,
            PersistenceTimeout = entry.Persistence?.Timeout ?? 0,
            PersistencePrefixLength = entry.Persistence is { } p ? PrefixLength(entry.Key.Family, p) : null,
            PersistenceEngine = entry.PersistenceEngine,
        };
    }

    public static IpvsDestination ToKernel(DestinationEntry entry)
    {
        var tunnel = entry.Forwarding == ForwardingMethod.Tunnel ? entry.Tunnel ?? TunnelSettings.Ipip : null;
        return new IpvsDestination(entry.Endpoint.Address, entry.Endpoint.Port)
        {
            ForwardingMethod = entry.Forwarding switch
            {
                ForwardingMethod.Nat => IpvsForwardingMethod.Masquerade,
                ForwardingMethod.Tunnel => IpvsForwardingMethod.Tunnel,
                _ => IpvsForwardingMethod.DirectRoute,
            },
            Weight = entry.Weight,
            UpperThreshold = entry.Thresholds.Upper,
            LowerThreshold = entry.Thresholds.Lower,
            TunnelType = (IpvsTunnelType)(tunnel?.Type ?? TunnelType.Ipip),
            TunnelPort = tunnel?.Port ?? 0,
            TunnelFlags = (IpvsTunnelFlags)(tunnel?.Checksum ?? TunnelChecksum.NoChecksum),
        };
    }

    public static ServiceEntry FromKernel(IpvsService service, IEnumerable<DestinationEntry> destinations)
    {
        var family = service.Key.Family;
        Persistence? persistence = null;
        if (service.Flags.HasFlag(IpvsServiceFlags.Persistent))
        {
            var prefix = service.PersistencePrefixLength;
            persistence = family == AddressFamily.InterNetworkV6
                ? new Persistence(service.PersistenceTimeout, Persistence.HostMask, prefix ?? 128)
                : new Persistence(service.PersistenceTimeout, Netmask(prefix ?? 32), 128);
        }
        var schedulerFlags = (SchedulerFlags)(((uint)service.Flags >> SchedulerFlagShift) & 0x7);
        return new ServiceEntry(
            FromKernel(service.Key),
            new SchedulerSpec(service.Scheduler, schedulerFlags),
            persistence,
            service.Flags.HasFlag(IpvsServiceFlags.OnePacket),
            service.PersistenceEngine,
            new ValueList<DestinationEntry>(destinations));
    }

    public static DestinationEntry FromKernel(IpvsDestination destination)
    {
        var forwarding = destination.ForwardingMethod switch
        {
            IpvsForwardingMethod.Masquerade => ForwardingMethod.Nat,
            IpvsForwardingMethod.Tunnel => ForwardingMethod.Tunnel,
            _ => ForwardingMethod.DirectRouting,
        };
        var tunnel = forwarding == ForwardingMethod.Tunnel
            ? new TunnelSettings((TunnelType)destination.TunnelType, destination.TunnelPort, (TunnelChecksum)destination.TunnelFlags)
            : null;
        return new DestinationEntry(
            new Endpoint(destination.Address, destination.Port), destination.Weight, forwarding, tunnel,
            new Thresholds(destination.UpperThreshold, destination.LowerThreshold));
    }

    /// <summary>
    /// The entry as the kernel will report it back: the form a desired entry must take to compare equal with a
    /// dumped one (an IPIP tunnel is explicit, the persistence fields of the other family are at their defaults).
    /// </summary>
    public static ServiceEntry AsKernelReports(ServiceEntry entry) =>
        FromKernel(ToKernel(entry), entry.Destinations.Select(d => FromKernel(ToKernel(d))));

    public static TrafficStats FromKernel(IpvsStats s) => new(
        s.Connections, s.IncomingPackets, s.OutgoingPackets, s.IncomingBytes, s.OutgoingBytes,
        s.ConnectionRate, s.IncomingPacketRate, s.OutgoingPacketRate, s.IncomingByteRate, s.OutgoingByteRate);

    private static int PrefixLength(AddressFamily family, Persistence persistence)
    {
        if (family == AddressFamily.InterNetworkV6)
        {
            return persistence.Ipv6PrefixLength;
        }
        Span<byte> bytes = stackalloc byte[4];
        persistence.Ipv4Netmask.TryWriteBytes(bytes, out _);
        var mask = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes);
        var prefix = System.Numerics.BitOperations.LeadingZeroCount(~mask);
        // The client's record holds a prefix length, as keepalived and ipvsadm users write masks in practice.
        return mask == (prefix == 0 ? 0 : uint.MaxValue << (32 - prefix))
            ? prefix
            : throw new DataPlaneException(
                $"IPVS: persistence netmask {persistence.Ipv4Netmask} is not contiguous; use a netmask such as 255.255.255.0");
    }

    private static IPAddress Netmask(int prefix)
    {
        var mask = prefix == 0 ? 0 : uint.MaxValue << (32 - prefix);
        var bytes = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes, mask);
        return new IPAddress(bytes);
    }
}
