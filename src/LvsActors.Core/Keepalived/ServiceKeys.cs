using System.Net;
using System.Net.Sockets;

namespace LvsActors.Keepalived;

/// <summary>What identifies one virtual service in the kernel: an address and port, or a firewall mark.</summary>
internal sealed record ServiceKey(string? Endpoint, long? Fwmark, string? Family, Origin Origin)
{
    /// <summary>The name the imported service gets, from its key.</summary>
    public string Name => KeepalivedValues.ServiceName(Endpoint is null ? $"fwmark-{Fwmark}" : Endpoint.Replace("[", "").Replace("]", ""));
}

/// <summary>
/// Reads the key of a <c>virtual_server</c>: <c>IP PORT</c>, <c>fwmark N</c> or <c>group NAME</c>; a group gives one key
/// per member, its address ranges (<c>192.0.2.10-12 80</c>: the last part of the address runs up to 12) expanded, at
/// most <see cref="KeepalivedLimits.MaxRangeAddresses"/> per range and <see cref="KeepalivedLimits.MaxExpandedAddresses"/> in all.
/// </summary>
internal static class ServiceKeys
{
    public static IReadOnlyList<ServiceKey> Read(KeepalivedNode server, ImportContext context)
    {
        // keepalived reads the first two words (alloc_vs in check_data.c) and ignores the rest of the line.
        if (server.Arguments.Count > 2)
        {
            context.Note(server, $"keepalived reads only \"{server.Arguments[0]} {server.Arguments[1]}\" and ignores \"{string.Join(' ', server.Arguments.Skip(2))}\"; so did the import");
        }
        switch (server.Arguments)
        {
            case ["group", var name, ..]:
                if (!context.Groups.TryGetValue(name, out var group))
                {
                    context.Report(server, $"no virtual_server_group named \"{name}\"; keepalived skips this virtual server, and so did the import");
                    return [];
                }
                return group.Block.SelectMany(member => Member(member, context)).ToList();
            case ["fwmark", var mark, ..]:
                return Fwmark(server, mark, null, context);
            case [var ip, ..]:
                return Address(server, ip, server.Arguments.Count >= 2 ? server.Arguments[1] : "0", context);
            default:
                context.Report(server, "expected virtual_server IP PORT, virtual_server fwmark N or virtual_server group NAME; not imported");
                return [];
        }
    }

    private static IReadOnlyList<ServiceKey> Member(KeepalivedNode member, ImportContext context)
    {
        if (member.Keyword == "fwmark")
        {
            var family = member.Arguments.Count > 1 ? member.Arguments[1] : null;
            return Fwmark(member, member.Argument ?? "", family, context);
        }
        var port = member.Argument ?? "0";
        var dash = member.Keyword.LastIndexOf('-');
        if (dash < 0 || KeepalivedValues.Address(member.Keyword) is not null)
        {
            return Address(member, member.Keyword, port, context);
        }
        var first = KeepalivedValues.Address(member.Keyword[..dash]);
        var v6 = first?.AddressFamily == AddressFamily.InterNetworkV6;
        if (first is null || !int.TryParse(member.Keyword[(dash + 1)..], v6 ? System.Globalization.NumberStyles.HexNumber : System.Globalization.NumberStyles.None, null, out var last))
        {
            context.Report(member, $"\"{member.Keyword}\" is neither an address nor a range such as 192.0.2.10-12; not imported");
            return [];
        }
        var bytes = first.GetAddressBytes();
        var start = v6 ? (bytes[^2] << 8) | bytes[^1] : bytes[^1];
        if (last < start || last > (v6 ? 0xffff : 255))
        {
            context.Report(member, $"the range ends at {last}, before its start or past the last address; not imported");
            return [];
        }
        var count = last - start + 1;
        if (count > KeepalivedLimits.MaxRangeAddresses)
        {
            throw new KeepalivedSyntaxException(member.Position, member.Keyword,
                $"the range holds {count} addresses, more than the {KeepalivedLimits.MaxRangeAddresses} one range may expand to; split it, or mark the traffic (iptables -j MARK) and use a fwmark service");
        }
        context.ExpandedAddresses += count;
        if (context.ExpandedAddresses > KeepalivedLimits.MaxExpandedAddresses)
        {
            throw new KeepalivedSyntaxException(member.Position, member.Keyword,
                $"the ranges expand to more than {KeepalivedLimits.MaxExpandedAddresses} addresses in all (counted each time a group is used); mark the traffic (iptables -j MARK) and use fwmark services");
        }
        var keys = new List<ServiceKey>();
        for (var n = start; n <= last; n++)
        {
            if (v6)
            {
                bytes[^2] = (byte)(n >> 8);
            }
            bytes[^1] = (byte)n;
            keys.AddRange(Address(member, new IPAddress(bytes).ToString(), port, context));
        }
        return keys;
    }

    private static IReadOnlyList<ServiceKey> Address(KeepalivedNode node, string ip, string port, ImportContext context)
    {
        if (KeepalivedValues.Address(ip) is not { } address)
        {
            context.Report(node, $"\"{ip}\" is not an IP address; keepalived skips it, and so did the import");
            return [];
        }
        return [new ServiceKey(KeepalivedValues.Endpoint(address, port), null, null, Origin.Of(node))];
    }

    private static IReadOnlyList<ServiceKey> Fwmark(KeepalivedNode node, string mark, string? family, ImportContext context)
    {
        if (!long.TryParse(mark, out var value))
        {
            context.Report(node, $"\"{mark}\" is not a firewall mark; not imported");
            return [];
        }
        return [new ServiceKey(null, value, family switch { "inet6" => "ipv6", "inet" => "ipv4", _ => null }, Origin.Of(node))];
    }
}
