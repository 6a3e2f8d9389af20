using System.Net;
using System.Net.Sockets;
using LvsActors.Model;

namespace LvsActors.Configuration;

/// <summary>Binds <c>lvs.cluster</c> (leadership: VIPs, preference, announcements, sync daemon) and <c>lvs.fencing</c>.</summary>
internal static class ClusterBinder
{
    // Far above any director cluster; it only keeps a typo (an extra digit) from making a majority unreachable silently.
    private const int MaxVoters = 100;

    /// <param name="seedNodes">How many entries akka.cluster.seed-nodes has: the default of lvs.fencing.expected-voters.</param>
    public static ClusterSettings Bind(Section? cluster, Section? fencing, int seedNodes)
    {
        var defaults = ClusterSettings.Default;
        var isolation = fencing?.Duration("isolation-timeout", defaults.IsolationTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5))
            ?? defaults.IsolationTimeout;
        var voters = Math.Max(1, seedNodes);
        voters = (int)(fencing?.Integer("expected-voters", voters, 1, MaxVoters) ?? voters);
        fencing?.Finish();
        if (cluster is null)
        {
            return defaults with { IsolationTimeout = isolation, ExpectedVoters = voters };
        }
        var mode = cluster.Choice("mode", ClusterMode.ActiveStandby, Choices.ClusterModes);
        var bgp = BgpBinder.Bind(cluster.Object("bgp"));
        if (mode == ClusterMode.ActiveActive && bgp is null)
        {
            cluster.Error("mode", "active-active announces the VIPs by BGP: add lvs.cluster.bgp { local-as = …, routers = [ … ] }");
        }
        var settings = new ClusterSettings(
            cluster.Choice("role", defaults.Role, Choices.Roles),
            (int)cluster.Integer("priority", defaults.Priority, 1, 255),
            cluster.Bool("preempt", defaults.Preempt),
            cluster.Duration("preempt-delay", defaults.PreemptDelay, TimeSpan.Zero, TimeSpan.FromHours(1)),
            cluster.ObjectList("vips").Select(v => ReadVip(v, mode, bgp)).OfType<Vip>().ToList(),
            cluster.Object("announce") is { } a ? ReadAnnounce(a) : defaults.Announce,
            cluster.Object("sync-daemon") is { } s ? ReadSyncDaemon(s) : null,
            cluster.Command("notify-master"),
            cluster.Command("notify-backup"),
            cluster.Command("notify-fault"),
            isolation,
            cluster.ScalarList("track-interfaces").Select(i => i.Text).ToList(),
            cluster.Command("track-script"),
            voters);
        var (tls, insecure) = ClusterTlsBinder.Bind(cluster.Object("tls"));
        cluster.Finish();
        return settings with { Tls = tls, Insecure = insecure, Mode = mode, Bgp = bgp };
    }

    // Active-active: a VIP is a host route on the BGP section's VIP interface, announced by every director.
    private static Vip? ReadVip(Section section, ClusterMode mode, BgpSettings? bgp)
    {
        var text = section.String("address");
        var anycast = mode == ClusterMode.ActiveActive;
        var device = section.String("interface", anycast ? bgp?.VipInterface ?? BgpSettings.DefaultVipInterface : null);
        if (device is null)
        {
            section.Error("interface", "a VIP needs the interface it is added to, e.g. interface = eth0");
        }
        Vip? vip = null;
        if (text is null)
        {
            section.Error("address", "a VIP needs an address with its prefix length, e.g. address = \"192.0.2.100/24\"");
        }
        else if (ParsePrefix(text) is { } parsed)
        {
            var host = parsed.Address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
            if (anycast && parsed.Prefix != host)
            {
                section.Error("address", $"an active-active VIP is announced as a host route: write {parsed.Address}/{host}, not /{parsed.Prefix}");
            }
            vip = device is null ? null : new Vip(parsed.Address, parsed.Prefix, device) { Group = ReadGroup(section, anycast) };
        }
        else
        {
            section.Error("address", $"\"{text}\" is malformed; accepted: ADDRESS/PREFIX such as 192.0.2.100/24 or 2001:db8::100/64");
        }
        section.Finish();
        return vip;
    }

    // A VIP group (active-active): preferred on one director, the groups balanced over the directors. In active-standby
    // every VIP moves with the one owner, so a group would promise what nothing does.
    private static string? ReadGroup(Section section, bool anycast)
    {
        var group = section.String("group");
        if (group is null)
        {
            return null;
        }
        if (!anycast)
        {
            section.Error("group", "VIP groups are spread over the directors in active-active mode only (lvs.cluster.mode = active-active); in active-standby every VIP moves with the one owner");
            return null;
        }
        if (group.Length == 0 || group.Length > 64 || !group.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            section.Error("group", $"\"{group}\" is not a group name (1-64 letters, digits, '-', '_', '.')");
            return null;
        }
        return group;
    }

    private static (IPAddress Address, int Prefix)? ParsePrefix(string text)
    {
        var slash = text.IndexOf('/');
        var addressText = slash < 0 ? text : text[..slash];
        if (IPAddressText.Parse(addressText) is not { } address)
        {
            return null;
        }
        var max = address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
        if (slash < 0)
        {
            return (address, max);
        }
        var prefixText = text.AsSpan(slash + 1);
        return IPAddressText.IsDecimal(prefixText, 3) && int.TryParse(prefixText, out var prefix) && prefix >= 1 && prefix <= max ? (address, prefix) : null;
    }

    private static AnnounceSettings ReadAnnounce(Section section)
    {
        var d = AnnounceSettings.Default;
        var announce = new AnnounceSettings(
            section.Duration("delay", d.Delay, TimeSpan.Zero, TimeSpan.FromHours(1)),
            (int)section.Integer("repeat", d.Repeat, 1, 100),
            section.Duration("refresh", d.Refresh, TimeSpan.Zero, TimeSpan.FromDays(1)));
        section.Finish();
        return announce;
    }

    private static SyncDaemonSettings? ReadSyncDaemon(Section section)
    {
        var device = section.String("interface");
        if (device is null)
        {
            section.Error("interface", "the sync daemon needs the interface it sends on, e.g. interface = eth1");
        }
        var group = section.Address("group") ?? SyncDaemonSettings.DefaultGroup;
        var settings = new SyncDaemonSettings(
            device ?? "",
            (uint)section.Integer("sync-id", 0, 0, 255),
            (ushort)section.Integer("max-length", 1472, 1, 65535),
            group,
            (ushort)section.Integer("port", SyncDaemonSettings.DefaultPort, 1, 65535),
            (byte)section.Integer("ttl", 1, 1, 255));
        section.Finish();
        return device is null ? null : settings;
    }
}
