using System.Net.Sockets;
using LvsActors.Model;

namespace LvsActors.Configuration;

/// <summary>Binds one entry of <c>lvs.virtual-services</c> and applies the rules the kernel and keepalived apply to it.</summary>
internal static class VirtualServiceBinder
{
    private static readonly Inherited ServiceDefaults = new(ForwardingMethod.Nat, null, false, CheckTiming.Default);

    public static VirtualService? Bind(string name, Section section)
    {
        if (!IsValidName(name))
        {
            section.Error("", $"the name \"{name}\" may use only letters, digits, '-', '_' and '.' (it names actors and API paths)");
        }
        var key = ReadKey(section);
        var scheduler = ReadScheduler(section);
        var persistence = ReadPersistence(section, key);
        var onePacket = section.Bool("one-packet", false);
        if (onePacket && key is AddressServiceKey { Protocol: not Protocol.Udp })
        {
            section.Error("one-packet", "one-packet scheduling applies to UDP only; the kernel ignores it for this service");
        }
        var engine = section.String("persistence-engine");
        if (engine is not null && engine != "sip")
        {
            section.Error("persistence-engine", $"unknown persistence engine \"{engine}\"; accepted: sip");
        }
        if (engine is not null && persistence is null)
        {
            section.Error("persistence-engine", "a persistence engine needs persistence: set persistence-timeout");
        }
        var inherited = ServiceDefaults.ReadFrom(section);
        // Without a valid key the real servers cannot be checked against it; they are still known keys.
        section.Declare("real-servers");
        section.Declare("sorry-server");
        var (realServers, realServerSections) = key is null ? (ValueList<RealServer>.Empty, []) : BindRealServers(section, key, inherited);
        var sorry = key is null ? null : ReadSorryServer(section, key, inherited);
        var quorum = new QuorumSettings(
            (int)section.Integer("quorum", QuorumSettings.Default.Minimum, 0, int.MaxValue),
            (int)section.Integer("hysteresis", 0, 0, int.MaxValue),
            section.Command("quorum-up"),
            section.Command("quorum-down"));
        var service = new VirtualService(name, key!, scheduler, persistence, onePacket, engine, realServers, sorry, quorum,
            section.Bool("alpha", false), section.Bool("omega", false), section.Bool("ha-suspend", false), section.String("virtualhost"))
        {
            FlowsMayMove = section.Bool("flows-may-move", false),
        };
        TableRules.CheckService(section, service, realServerSections);
        section.Finish();
        return key is null ? null : service;
    }

    // The real servers that bound, with the section each came from; exact-size arrays, the servers' adopted by the list.
    private static (ValueList<RealServer>, Section[]) BindRealServers(Section section, VirtualServiceKey key, Inherited inherited)
    {
        var sections = section.ObjectList("real-servers");
        var servers = new RealServer[sections.Count];
        var from = new Section[sections.Count];
        var bound = 0;
        for (var i = 0; i < sections.Count; i++)
        {
            if (RealServerBinder.Bind(sections[i], key, inherited) is { } server)
            {
                (servers[bound], from[bound]) = (server, sections[i]);
                bound++;
            }
        }
        return bound == servers.Length
            ? (ValueList<RealServer>.Adopt(servers), from)
            : (ValueList<RealServer>.Adopt(servers[..bound]), from[..bound]);
    }

    private static bool IsValidName(string name) =>
        name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    private static VirtualServiceKey? ReadKey(Section section)
    {
        var protocol = section.Choice("protocol", Protocol.Tcp, Choices.Protocols);
        var family = section.Choice("family", AddressFamily.InterNetwork, Choices.Families);
        var hasAddress = section.Has("address");
        var hasMark = section.Has("fwmark");
        if (hasAddress == hasMark)
        {
            section.Error(hasAddress ? "fwmark" : "address", hasAddress
                ? "a virtual service has either an address or a fwmark, not both"
                : "a virtual service needs an address (address = \"192.0.2.100:80\") or a firewall mark (fwmark = 1)");
            return null;
        }
        if (hasMark)
        {
            var mark = section.Integer("fwmark", 0, 1, uint.MaxValue);
            if (section.Has("protocol"))
            {
                section.Error("protocol", "a fwmark service matches packets of any protocol by their mark; remove protocol");
            }
            return mark == 0 ? null : new FirewallMarkServiceKey((uint)mark, family);
        }
        if (section.Has("family"))
        {
            section.Error("family", "family applies to fwmark services; an address service takes the family of its address");
        }
        return section.Endpoint("address", null) is { } endpoint ? new AddressServiceKey(protocol, endpoint) : null;
    }

    private static SchedulerSpec ReadScheduler(Section section)
    {
        var name = section.String("scheduler", SchedulerCatalog.Default)!;
        if (!SchedulerCatalog.IsKnown(name))
        {
            section.Error("scheduler", $"unknown scheduler \"{name}\"{Suggestions.DidYouMean(name, SchedulerCatalog.Names)}; accepted: {string.Join(", ", SchedulerCatalog.Names)}");
        }
        var flags = SchedulerFlags.None;
        var flagNodes = section.ScalarList("scheduler-flags");
        if (!SchedulerCatalog.IsKnown(name))
        {
            return new SchedulerSpec(name, flags);
        }
        foreach (var scalar in flagNodes)
        {
            if (SchedulerCatalog.FlagFor(name, scalar.Text) is { } bit)
            {
                flags |= bit;
                continue;
            }
            var owner = SchedulerCatalog.Names.FirstOrDefault(s => SchedulerCatalog.FlagFor(s, scalar.Text) is not null);
            var accepted = SchedulerCatalog.FlagNamesFor(name);
            var message = owner is not null
                ? $"the flag \"{scalar.Text}\" belongs to the {owner} scheduler, not {name}"
                : $"unknown scheduler flag \"{scalar.Text}\"{Suggestions.DidYouMean(scalar.Text, SchedulerCatalog.AllFlagNames)}";
            section.ErrorAt(scalar, section.KeyPath("scheduler-flags"),
                message + (accepted.Count > 0 ? $"; {name} accepts: {string.Join(", ", accepted)}" : $"; {name} takes no flags"));
        }
        return new SchedulerSpec(name, flags);
    }

    private static Persistence? ReadPersistence(Section section, VirtualServiceKey? key)
    {
        var granularity = section.String("persistence-granularity");
        if (!section.Has("persistence-timeout"))
        {
            if (granularity is not null)
            {
                section.Error("persistence-granularity", "granularity groups clients for persistence; set persistence-timeout too");
            }
            return null;
        }
        var timeout = section.Duration("persistence-timeout", TimeSpan.FromSeconds(Persistence.DefaultTimeout), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(Persistence.MaxTimeout));
        var netmask = Persistence.HostMask;
        var prefix = 128;
        if (granularity is not null)
        {
            var v6 = key?.Family == AddressFamily.InterNetworkV6;
            if (v6 && !(IPAddressText.IsDecimal(granularity, 3) && int.TryParse(granularity, out prefix) && prefix is >= 1 and <= 128))
            {
                section.Error("persistence-granularity", $"\"{granularity}\" is not an IPv6 prefix length; accepted for an IPv6 service: 1 to 128");
                prefix = 128;
            }
            else if (!v6 && IPAddressText.Parse(granularity) is { AddressFamily: AddressFamily.InterNetwork } mask)
            {
                netmask = mask;
            }
            else if (!v6)
            {
                section.Error("persistence-granularity", $"\"{granularity}\" is not an IPv4 netmask; accepted for an IPv4 service: a netmask such as 255.255.255.0");
            }
        }
        return new Persistence((uint)timeout.TotalSeconds, netmask, prefix);
    }

    private static SorryServer? ReadSorryServer(Section service, VirtualServiceKey key, Inherited inherited)
    {
        var section = service.Object("sorry-server");
        if (section is null)
        {
            return null;
        }
        var own = inherited.ReadForwarding(section);
        var endpoint = section.Endpoint("address", key.Port);
        if (!section.Has("address"))
        {
            section.Error("address", "a sorry server needs an address, e.g. address = \"198.51.100.250:80\"");
        }
        if (endpoint is { } ep)
        {
            RealServerBinder.CheckForwarding(section, "address", key, ep, own);
        }
        var inhibit = section.Bool("inhibit", false);
        section.Finish();
        return endpoint is null ? null : new SorryServer(endpoint.Value, own.Forwarding, RealServerBinder.TunnelFor(own), inhibit);
    }
}
