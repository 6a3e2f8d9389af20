using System.Globalization;
using System.Net.Sockets;
using System.Text;
using LvsActors.Model;
using LvsActors.Table;

namespace LvsActors.Rendering;

/// <summary>Which columns a listing shows: <c>ipvsadm -Ln</c>, <c>-Ln --stats</c> or <c>-Ln --rate</c>.</summary>
public enum IpvsadmListFormat
{
    /// <summary>Scheduler and flags per service; forwarding, weight and connections per real server.</summary>
    Default,

    /// <summary>Connections, packets and bytes counted so far.</summary>
    Stats,

    /// <summary>Connections, packets and bytes per second.</summary>
    Rate,
}

/// <summary>
/// Writes a live table exactly as <c>ipvsadm -Ln</c> (1.31) prints it, byte for byte, trailing padding included,
/// in ipvsadm's sort order (<see cref="IpvsadmOrder"/>): list_all, print_title, print_service_entry and
/// print_largenum of ipvsadm.c, numeric output.
/// </summary>
public static class IpvsadmList
{
    /// <summary>The listing of <paramref name="table"/> in <paramref name="format"/>.</summary>
    public static string Render(LiveTable table, IpvsadmListFormat format = IpvsadmListFormat.Default)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"IP Virtual Server version {table.Version} (size={table.ConnectionTableSize})\n");
        text.Append(format switch
        {
            IpvsadmListFormat.Stats => Title("Conns", "InPkts", "OutPkts", "InBytes", "OutBytes"),
            IpvsadmListFormat.Rate => Title("CPS", "InPPS", "OutPPS", "InBPS", "OutBPS"),
            _ => "Prot LocalAddress:Port Scheduler Flags\n  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n",
        });
        var services = table.Services.ToArray();
        IpvsadmOrder.Sort(services, s => IpvsadmOrder.KeyOf(s.Entry.Key), IpvsadmOrder.CompareServices);
        foreach (var service in services)
        {
            AppendService(text, service, format);
            var destinations = service.Destinations.ToArray();
            IpvsadmOrder.Sort(destinations, d => DestinationKey(d.Entry.Endpoint), IpvsadmOrder.CompareDestinations);
            foreach (var destination in destinations)
            {
                AppendDestination(text, destination, format);
            }
        }
        return text.ToString();
    }

    /// <summary>How ipvsadm names a service in listings: <c>TCP  192.0.2.1:80</c>, <c>FWM  7 IPv6</c>.</summary>
    public static string ServiceName(VirtualServiceKey key) => key switch
    {
        AddressServiceKey a => $"{a.Protocol.ToString().ToUpperInvariant(),-4} {a.Endpoint}",
        // ipvsadm prints the mark with %d.
        FirewallMarkServiceKey f => $"FWM  {unchecked((int)f.Mark)}" + (f.Family == AddressFamily.InterNetworkV6 ? " IPv6" : ""),
        _ => throw new ArgumentOutOfRangeException(nameof(key)),
    };

    private static string Title(params string[] columns) =>
        string.Format(CultureInfo.InvariantCulture, "{0,-33} {1,8} {2,8} {3,8} {4,8} {5,8}\n  -> RemoteAddress:Port\n",
            "Prot LocalAddress:Port", columns[0], columns[1], columns[2], columns[3], columns[4]);

    private static void AppendService(StringBuilder text, LiveService service, IpvsadmListFormat format)
    {
        var entry = service.Entry;
        var name = ServiceName(entry.Key);
        var s = service.Stats;
        switch (format)
        {
            case IpvsadmListFormat.Stats:
                text.Append(name.PadRight(33));
                LargeNumbers(text, s.Connections, s.IncomingPackets, s.OutgoingPackets, s.IncomingBytes, s.OutgoingBytes);
                break;
            case IpvsadmListFormat.Rate:
                text.Append(name.PadRight(33));
                LargeNumbers(text, s.ConnectionRate, s.IncomingPacketRate, s.OutgoingPacketRate, s.IncomingByteRate, s.OutgoingByteRate);
                break;
            default:
                text.Append(name).Append(' ').Append(entry.Scheduler.Name);
                if (entry.Scheduler.Flags != SchedulerFlags.None)
                {
                    text.Append(" (").Append(string.Join(',', entry.Scheduler.FlagNames)).Append(')');
                }
                if (entry.Persistence is { } p)
                {
                    text.Append(CultureInfo.InvariantCulture, $" persistent {p.Timeout}");
                    if (entry.Key.Family == AddressFamily.InterNetwork && !p.Ipv4Netmask.Equals(Persistence.HostMask))
                    {
                        text.Append(" mask ").Append(p.Ipv4Netmask);
                    }
                    if (entry.Key.Family == AddressFamily.InterNetworkV6 && p.Ipv6PrefixLength != 128)
                    {
                        text.Append(CultureInfo.InvariantCulture, $" mask {p.Ipv6PrefixLength}");
                    }
                    if (entry.PersistenceEngine is { } pe)
                    {
                        text.Append(" pe ").Append(pe);
                    }
                }
                if (entry.OnePacket)
                {
                    text.Append(" ops");
                }
                break;
        }
        text.Append('\n');
    }

    private static void AppendDestination(StringBuilder text, LiveDestination destination, IpvsadmListFormat format)
    {
        var address = destination.Entry.Endpoint.ToString();
        var s = destination.Stats;
        switch (format)
        {
            case IpvsadmListFormat.Stats:
                text.Append("  -> ").Append(address.PadRight(28));
                LargeNumbers(text, s.Connections, s.IncomingPackets, s.OutgoingPackets, s.IncomingBytes, s.OutgoingBytes);
                break;
            case IpvsadmListFormat.Rate:
                text.Append(CultureInfo.InvariantCulture,
                    $"  -> {address,-28} {s.ConnectionRate,8} {s.IncomingPacketRate,8} {s.OutgoingPacketRate,8}");
                LargeNumbers(text, s.IncomingByteRate, s.OutgoingByteRate);
                break;
            default:
                text.Append(CultureInfo.InvariantCulture,
                    $"  -> {address,-28} {ForwardName(destination),-7} {destination.Entry.Weight,-6} {destination.ActiveConnections,-10} {destination.InactiveConnections,-10}");
                break;
        }
        text.Append('\n');
    }

    private static string ForwardName(LiveDestination destination) => destination.LocalNode
        ? "Local"
        : destination.Entry.Forwarding switch
        {
            ForwardingMethod.Nat => "Masq",
            ForwardingMethod.Tunnel => "Tunnel",
            _ => "Route",
        };

    // print_largenum: nine columns; past 100 million a unit letter takes the ninth.
    private static void LargeNumbers(StringBuilder text, params ulong[] numbers)
    {
        foreach (var i in numbers)
        {
            text.Append(i switch
            {
                < 100_000_000UL => string.Create(CultureInfo.InvariantCulture, $"{i,9}"),
                < 1_000_000_000UL => string.Create(CultureInfo.InvariantCulture, $"{i / 1_000UL,8}K"),
                < 100_000_000_000UL => string.Create(CultureInfo.InvariantCulture, $"{i / 1_000_000UL,8}M"),
                < 100_000_000_000_000UL => string.Create(CultureInfo.InvariantCulture, $"{i / 1_000_000_000UL,8}G"),
                _ => string.Create(CultureInfo.InvariantCulture, $"{i / 1_000_000_000_000UL,8}T"),
            });
        }
    }

    private static IpvsadmOrder.SortKey DestinationKey(Endpoint endpoint) => new(0, endpoint.Family, 0, endpoint.Address, endpoint.Port);
}
