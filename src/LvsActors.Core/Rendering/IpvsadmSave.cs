using System.Net.Sockets;
using System.Text;
using LvsActors.Model;
using LvsActors.Table;

namespace LvsActors.Rendering;

/// <summary>
/// Writes a table in the format of <c>ipvsadm -S -n</c> (1.31), which <c>ipvsadm -R</c> reads back: one <c>-A</c>
/// line per service and one <c>-a</c> line per real server, in ipvsadm's sort order. Like ipvsadm it never writes
/// thresholds, which save and restore therefore lose.
/// </summary>
public static class IpvsadmSave
{
    /// <summary>The configured table of <paramref name="services"/>, every real server at its configured weight.</summary>
    public static string Render(IEnumerable<VirtualService> services) => Render(services.Select(ServiceEntry.Configured));

    /// <summary>A table as ipvsadm would save it, each service's destinations added to the kernel in their list order.</summary>
    public static string Render(IEnumerable<ServiceEntry> services)
    {
        var sorted = services.ToArray();
        IpvsadmOrder.Sort(sorted, s => IpvsadmOrder.KeyOf(s.Key), IpvsadmOrder.CompareServices);
        var text = new StringBuilder();
        foreach (var service in sorted)
        {
            var name = ServiceName(service.Key);
            text.Append("-A ").Append(name).Append(" -s ").Append(service.Scheduler.Name);
            if (service.Persistence is { } p)
            {
                text.Append(" -p ").Append(p.Timeout);
                if (service.Key.Family == AddressFamily.InterNetwork && !p.Ipv4Netmask.Equals(Persistence.HostMask))
                {
                    text.Append(" -M ").Append(p.Ipv4Netmask);
                }
                if (service.Key.Family == AddressFamily.InterNetworkV6 && p.Ipv6PrefixLength != 128)
                {
                    text.Append(" -M ").Append(p.Ipv6PrefixLength);
                }
            }
            if (service.PersistenceEngine is { } pe)
            {
                text.Append(" --pe ").Append(pe);
            }
            if (service.OnePacket)
            {
                text.Append(" -o");
            }
            if (service.Scheduler.Flags != SchedulerFlags.None)
            {
                text.Append(" -b ").Append(string.Join(',', service.Scheduler.FlagNames));
            }
            text.Append('\n');
            // ipvsadm sorts the destinations in the order the kernel lists them, newest first: __ip_vs_update_dest links
            // each new one at the head of svc->destinations (list_add_rcu). When the wrapping comparison is not
            // transitive (IPv6 words more than 2^31 apart), the merge sort's result depends on that starting order.
            var realServers = service.Destinations.Reverse().ToArray();
            IpvsadmOrder.Sort(realServers, rs => DestinationKey(rs.Endpoint), IpvsadmOrder.CompareDestinations);
            foreach (var rs in realServers)
            {
                AppendDestination(text, name, rs.Endpoint, rs.Forwarding, rs.Tunnel, rs.Weight);
            }
        }
        return text.ToString();
    }

    /// <summary>How ipvsadm names a service on a rule line: <c>-t 192.0.2.1:80</c>, <c>--sctp-service …</c>, <c>-f 1 -6</c>.</summary>
    public static string ServiceName(VirtualServiceKey key) => key switch
    {
        AddressServiceKey { Protocol: Protocol.Tcp } a => $"-t {a.Endpoint}",
        AddressServiceKey { Protocol: Protocol.Udp } a => $"-u {a.Endpoint}",
        AddressServiceKey a => $"--sctp-service {a.Endpoint}",
        // ipvsadm prints the mark with %d.
        FirewallMarkServiceKey f => $"-f {unchecked((int)f.Mark)}" + (f.Family == AddressFamily.InterNetworkV6 ? " -6" : ""),
        _ => throw new ArgumentOutOfRangeException(nameof(key)),
    };

    /// <summary>One <c>-a</c> line, with ipvsadm's tunnel options.</summary>
    public static void AppendDestination(StringBuilder text, string serviceName, Endpoint endpoint, ForwardingMethod forwarding, TunnelSettings? tunnel, int weight)
    {
        var switchName = forwarding switch
        {
            ForwardingMethod.Nat => "-m",
            ForwardingMethod.DirectRouting => "-g",
            _ => "-i",
        };
        text.Append("-a ").Append(serviceName).Append(" -r ").Append(endpoint).Append(' ').Append(switchName).Append(" -w ").Append(weight);
        if (forwarding == ForwardingMethod.Tunnel)
        {
            var t = tunnel ?? TunnelSettings.Ipip;
            text.Append(" --tun-type ").Append(t.Type.ToString().ToLowerInvariant());
            if (t.Type == TunnelType.Gue)
            {
                text.Append(" --tun-port ").Append(t.Port);
            }
            if (t.Type != TunnelType.Ipip)
            {
                text.Append(t.Checksum switch
                {
                    TunnelChecksum.NoChecksum => " --tun-nocsum",
                    TunnelChecksum.Checksum => " --tun-csum",
                    _ => " --tun-remcsum",
                });
            }
        }
        text.Append('\n');
    }

    private static IpvsadmOrder.SortKey DestinationKey(Endpoint endpoint) => new(0, endpoint.Family, 0, endpoint.Address, endpoint.Port);
}
