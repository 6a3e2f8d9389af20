using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using LvsActors.Model;

namespace LvsActors.Rendering;

/// <summary>
/// The director's part of BIRD 2's configuration (active-active): bird.conf includes it, the director writes it and
/// asks BIRD to re-read it. BIRD announces every address on the VIP interface as a host route (its <c>direct</c>
/// protocol) to each router, and only the configured VIPs among them: the director decides what is announced by holding or removing the
/// address, which BIRD sees within milliseconds; an address whose lifetime ran out unrenewed (a frozen or dead
/// director) is withdrawn the same way. BFD on each session takes a dead director's routes away in interval ×
/// multiplier; after a failure a session retries after one second rather than BIRD's 60 (error wait time).
/// Names begin with <c>lvs_</c>, so the operator's own protocols in bird.conf stay apart. bird.conf keeps its one
/// <c>protocol device</c> (Debian's default has it; BIRD allows no second): the VIP interface's addresses come through it.
/// </summary>
public static class BirdInclude
{
    /// <summary>The name of the direct protocol that picks up the VIPs of <paramref name="family"/>.</summary>
    public static string VipProtocol(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? "lvs_vips6" : "lvs_vips4";

    /// <summary>The name of the BGP session to the <paramref name="index"/>-th router (0-based), as `show protocols` lists it.</summary>
    public static string SessionName(int index) => "lvs_router" + (index + 1).ToString(CultureInfo.InvariantCulture);

    /// <summary>The include for <paramref name="bgp"/> announcing <paramref name="vips"/>; <paramref name="source"/> names the
    /// configuration it came from. A VIP of a group (<see cref="Vip.Group"/>) that is not among <paramref name="preferred"/>
    /// (this director's groups' VIPs; none when null) is announced with this director's AS prepended
    /// <see cref="BgpSettings.BackupPrepend"/> times: a path the routers keep for when the preferred one goes.</summary>
    public static string Render(BgpSettings bgp, IReadOnlyList<Vip> vips, string source, IReadOnlySet<IPAddress>? preferred = null)
    {
        var text = new StringBuilder();
        text.Append("# Written by lvsactors from ").Append(source).AppendLine(" (lvs.cluster.bgp); do not edit: the director rewrites it.");
        text.AppendLine("# bird.conf includes it: include \"" + bgp.ConfigFile + "\";");
        if (bgp.RouterId is { } id)
        {
            text.Append("router id ").Append(id).AppendLine(";");
        }
        if (bgp.Bfd is { } bfd)
        {
            text.Append("protocol bfd lvs_bfd { interface \"*\" { min rx interval ").Append(Ms(bfd.Interval))
                .Append("; min tx interval ").Append(Ms(bfd.Interval))
                .Append("; multiplier ").Append(bfd.Multiplier.ToString(CultureInfo.InvariantCulture)).AppendLine("; }; }");
        }
        foreach (var family in new[] { AddressFamily.InterNetwork, AddressFamily.InterNetworkV6 })
        {
            text.Append("protocol direct ").Append(VipProtocol(family)).Append(" { ").Append(Channel(family))
                .Append("; interface \"").Append(bgp.VipInterface).AppendLine("\"; }");
        }
        var hold = (int)Math.Ceiling(bgp.HoldTime.TotalSeconds);
        for (var i = 0; i < bgp.Routers.Count; i++)
        {
            var router = bgp.Routers[i];
            var family = router.Address.AddressFamily;
            text.Append("protocol bgp ").Append(SessionName(i)).AppendLine(" {");
            text.Append("  local as ").Append(bgp.LocalAs.ToString(CultureInfo.InvariantCulture)).AppendLine(";");
            text.Append("  neighbor ").Append(router.Address).Append(" as ").Append(router.As.ToString(CultureInfo.InvariantCulture)).AppendLine(";");
            if (bgp.Bfd is not null)
            {
                text.AppendLine("  bfd on;");
            }
            text.Append("  hold time ").Append(hold.ToString(CultureInfo.InvariantCulture))
                .Append("; keepalive time ").Append(Math.Max(1, hold / 3).ToString(CultureInfo.InvariantCulture)).AppendLine(";");
            // BIRD waits 5 s before connecting, 120 s between attempts and 60 s after an error (a BFD down included):
            // a returning director would stay out of ECMP for a minute.
            text.AppendLine("  connect delay time 1; connect retry time 3; error wait time 1, 10;");
            text.Append("  ").Append(Channel(family)).Append(" { import none; export ").Append(ExportFilter(bgp, vips, family, preferred)).AppendLine("; };");
            text.AppendLine("}");
        }
        return text.ToString();
    }

    // Only the configured VIPs, as host routes, whatever else the interface carries (lo: its own addresses; a dummy
    // shared with other software): the director announces what it was told to and nothing more. The VIPs of groups
    // preferred elsewhere go out as the longer path. (BIRD re-runs a changed export filter over its routes without
    // restarting the session: a group moving between directors disturbs no other route.)
    private static string ExportFilter(BgpSettings bgp, IReadOnlyList<Vip> vips, AddressFamily family, IReadOnlySet<IPAddress>? preferred)
    {
        var mine = vips.Where(v => v.Address.AddressFamily == family).ToList();
        if (mine.Count == 0)
        {
            return "none";
        }
        var own = Prefixes(mine);
        var backups = mine.Where(v => v.Group is not null && preferred?.Contains(v.Address) != true).ToList();
        if (backups.Count == 0)
        {
            return $"where proto = \"{VipProtocol(family)}\" && net ~ {own}";
        }
        var prepend = string.Concat(Enumerable.Repeat($"bgp_path.prepend({bgp.LocalAs.ToString(CultureInfo.InvariantCulture)}); ", bgp.BackupPrepend));
        return $"filter {{ if proto = \"{VipProtocol(family)}\" && net ~ {own} then {{ if net ~ {Prefixes(backups)} then {{ {prepend}}} accept; }} reject; }}";
    }

    private static string Prefixes(IEnumerable<Vip> vips) =>
        "[ " + string.Join(", ", vips.Select(v => $"{v.Address}/{(v.Address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32)}").Distinct()) + " ]";

    private static string Channel(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? "ipv6" : "ipv4";

    private static string Ms(TimeSpan t) => ((long)Math.Ceiling(t.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture) + " ms";
}
