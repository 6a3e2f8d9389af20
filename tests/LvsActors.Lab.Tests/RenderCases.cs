using System.Text.RegularExpressions;

namespace LvsActors.Lab.Tests;

/// <summary>
/// Configurations for the render round trip beyond hocon/: every feature render prints, and sort orders where
/// libipvs's wrapping comparison and glibc's merge order matter.
/// </summary>
/// <remarks>
/// Left out, because the real ipvsadm or kernel cannot take them (each tried in the lab):
/// <list type="bullet">
/// <item>Scheduler <c>twos</c>: Linux 6.1 has no ip_vs_twos (it came in 6.2); <c>ipvsadm -A … -s twos</c> answers
/// "Scheduler or persistence engine not found".</item>
/// <item>A <c>gre</c> tunnel with <c>remcsum</c>: ipvsadm 1.31 refuses the line ("Illegal 'tun-remcsum' option with
/// the 'gre' tunnel type"). The 6.1 kernel itself checks only GUE's port, and its GRE encapsulation reads only the
/// csum flag, so remote checksum offload would be ignored anyway; validation therefore refuses it.</item>
/// <item>Services whose keys span more than half the 32-bit circle (fwmarks 16, 0x60000020 and 0xC0000040, say): the
/// comparison is then not transitive, and the kernel lists services in hash order mixed with the address of the
/// namespace's IPVS state, so ipvsadm's own order changes from one namespace to the next (the same seven marks in
/// eight namespaces: seven listing orders, two different <c>ipvsadm -S</c> outputs). Render cannot know it.</item>
/// </list>
/// IPv4 addresses in our documentation ranges are never 2^31 apart, so their order is plain numeric order; the
/// wrap shows with IPv6 words, IPv4 beside IPv6 tunnel destinations, and fwmarks at or above 2^31.
/// </remarks>
public static class RenderCases
{
    /// <summary>A configuration file for the round trip.</summary>
    /// <param name="Name">File name without .conf.</param>
    /// <param name="Config">The HOCON text.</param>
    /// <param name="Program">
    /// What ipvsadm -R reads, made from render's output, when it cannot be render's output itself; null otherwise.
    /// </param>
    public sealed record Case(string Name, string Config, Func<string, string>? Program = null);

    /// <summary>Every case, each rendered to one file.</summary>
    public static IReadOnlyList<Case> All { get; } =
    [
        new("services-order", ServicesOrder),
        new("fwmark-wrap", FwmarkWrap, UnsignedMarks),
        new("tunnels", Tunnels),
        new("scheduling", Scheduling),
        DestinationOrder(),
    ];

    // TCP, UDP, SCTP, IPv6 and fwmark services in no particular order. IPv6 VIPs: word 1 = 0x9000…, 0xF000…, 0, 0x0800…
    // sort in that order (each difference read as int), not numerically. Real servers over all three ranges,
    // one address on two ports, weight 0 and 65535, NAT and DR.
    private const string ServicesOrder = """
        lvs.virtual-services {
          web-c { address = "203.0.113.10:80", scheduler = wlc, real-servers = [ { address = "198.51.100.20:8080" }, { address = "192.0.2.20:8080" }, { address = "203.0.113.20:8080" } ] }
          web-a { address = "192.0.2.10:80", scheduler = wrr, real-servers = [ { address = "203.0.113.21:80", weight = 5 }, { address = "192.0.2.21:81" }, { address = "192.0.2.21:80" }, { address = "198.51.100.21:80", weight = 0 } ] }
          web-b { address = "198.51.100.10:80", scheduler = rr, real-servers = [ { address = "192.0.2.22:80" } ] }
          tls-c { address = "203.0.113.10:443", scheduler = lc, forwarding = dr, real-servers = [ { address = "203.0.113.31" }, { address = "203.0.113.30" } ] }
          tls-a { address = "192.0.2.10:443", scheduler = sed, forwarding = dr, real-servers = [ { address = "192.0.2.31" }, { address = "192.0.2.30" } ] }
          ssh-a { address = "192.0.2.10:22", scheduler = nq, real-servers = [ { address = "198.51.100.40:2222" } ] }
          dns-c { protocol = udp, address = "203.0.113.10:53", scheduler = rr, real-servers = [ { address = "192.0.2.53:53" }, { address = "198.51.100.53:53" } ] }
          dns-a { protocol = udp, address = "192.0.2.10:53", scheduler = rr, real-servers = [ { address = "203.0.113.53:53" } ] }
          dns-b { protocol = udp, address = "198.51.100.10:53", scheduler = dh, real-servers = [] }
          syslog { protocol = udp, address = "192.0.2.9:514", scheduler = lblc, real-servers = [ { address = "198.51.100.54:514" } ] }
          diameter-b { protocol = sctp, address = "198.51.100.10:3868", scheduler = rr, real-servers = [ { address = "203.0.113.68:3868" }, { address = "192.0.2.68:3868" } ] }
          diameter-a { protocol = sctp, address = "192.0.2.10:3868", scheduler = lblcr, real-servers = [ { address = "192.0.2.69:3868" } ] }
          web6-high { address = "[2001:db8:f000::10]:80", scheduler = rr, real-servers = [ { address = "[2001:db8:9000::20]:80" }, { address = "[2001:db8::20]:80" }, { address = "[2001:db8:f000::20]:80" } ] }
          web6-zero { address = "[2001:db8::10]:80", scheduler = rr, real-servers = [ { address = "[2001:db8::21]:8080" }, { address = "[2001:db8::21]:80" } ] }
          web6-mid { address = "[2001:db8:9000::10]:80", scheduler = rr, real-servers = [] }
          web6-low { address = "[2001:db8:800::10]:80", scheduler = rr, real-servers = [] }
          dns6 { protocol = udp, address = "[2001:db8::10]:53", scheduler = rr, real-servers = [ { address = "[2001:db8:2000::53]:53" }, { address = "[2001:db8:c000::53]:53" } ] }
          sctp6 { protocol = sctp, address = "[2001:db8::10]:3868", scheduler = rr, real-servers = [] }
          mark-2 { fwmark = 2, scheduler = wrr, forwarding = dr, real-servers = [ { address = "203.0.113.80" }, { address = "192.0.2.80" } ] }
          mark-1 { fwmark = 1, scheduler = rr, real-servers = [ { address = "198.51.100.80:80" } ] }
          mark-1-v6 { fwmark = 1, family = ipv6, scheduler = rr, forwarding = dr, real-servers = [ { address = "2001:db8:a000::80" }, { address = "2001:db8::80" } ] }
          mark-3-v6 { fwmark = 3, family = ipv6, scheduler = fo, real-servers = [] }
          overflow { address = "192.0.2.11:80", scheduler = ovf, real-servers = [ { address = "192.0.2.81:80", weight = 65535 }, { address = "192.0.2.82:80", weight = 1 } ] }
        }
        """;

    // Marks at or above 2^31 sort before the address services (mark 0) and the small marks.
    private const string FwmarkWrap = """
        lvs.virtual-services {
          low { fwmark = 1, scheduler = rr, forwarding = dr, real-servers = [ { address = "192.0.2.11" } ] }
          all-ones { fwmark = 4294967295, scheduler = rr, forwarding = dr, real-servers = [ { address = "192.0.2.12" } ] }
          all-ones-v6 { fwmark = 4294967295, family = ipv6, scheduler = rr, forwarding = dr, real-servers = [ { address = "2001:db8::12" } ] }
          address { address = "192.0.2.100:80", scheduler = rr, real-servers = [ { address = "198.51.100.10:80" } ] }
          high { fwmark = 4026531840, scheduler = wlc, persistence-timeout = 60, real-servers = [ { address = "192.0.2.13:80" } ] }
          six-v6 { fwmark = 6, family = ipv6, scheduler = rr, forwarding = dr, real-servers = [ { address = "2001:db8::16" } ] }
        }
        """;

    // ipvsadm -S prints a mark with %d (-1 for 4294967295), and ipvsadm -R rejects a negative mark ("invalid fwmark
    // value `-1' specified"): restore from the same lines with the marks unsigned, then compare -S with render.
    private static string UnsignedMarks(string rendered) =>
        Regex.Replace(rendered, "-f (-[0-9]+)", m => $"-f {long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + (1L << 32)}");

    // Every tunnel kind the kernel takes; IPv6 destinations behind an IPv4 VIP and the reverse. 192.0.2.x minus
    // 2001:db8:… wraps negative, so IPv4 destinations sort before IPv6 ones although their first word is larger.
    private const string Tunnels = """
        lvs.virtual-services {
          app {
            address = "192.0.2.100:80"
            scheduler = rr
            forwarding = tun
            real-servers = [
              { address = "[2001:db8:d000::1]:80", tunnel { type = gue, port = 6080, checksum = remcsum } }
              { address = "[2001:db8::1]:80", tunnel { type = gre, checksum = csum } }
              { address = "203.0.113.1:80", tunnel { type = gre } }
              { address = "198.51.100.1:80", tunnel { type = gue, port = 6081 } }
              { address = "198.51.100.2:80", tunnel { type = gue, port = 6082, checksum = csum } }
              { address = "192.0.2.1:80" }
            ]
          }
          app6 {
            address = "[2001:db8::100]:443"
            scheduler = wrr
            forwarding = tun
            tunnel { type = gue, port = 5555, checksum = csum }
            real-servers = [
              { address = "[2001:db8:e000::2]:443", weight = 0 }
              { address = "[2001:db8::2]:443", tunnel { type = ipip } }
              { address = "203.0.113.2:443", tunnel { type = gre, checksum = nocsum } }
              { address = "192.0.2.2:443", weight = 3 }
            ]
          }
          marked { fwmark = 9, scheduler = rr, forwarding = tun, real-servers = [ { address = "2001:db8::9" }, { address = "198.51.100.9" } ] }
        }
        """;

    // Scheduler flags, persistence (netmask, IPv6 prefix, port 0, fwmark), one-packet UDP, the SIP engine.
    private const string Scheduling = """
        lvs.virtual-services {
          sh-both { address = "192.0.2.1:80", scheduler = sh, scheduler-flags = [sh-fallback, sh-port], real-servers = [ { address = "198.51.100.1:80" } ] }
          sh-port { address = "192.0.2.1:81", scheduler = sh, scheduler-flags = [sh-port], real-servers = [] }
          mh-both { address = "192.0.2.2:80", scheduler = mh, scheduler-flags = [mh-port, mh-fallback], real-servers = [ { address = "198.51.100.2:80" } ] }
          mh-fallback { address = "192.0.2.2:81", scheduler = mh, scheduler-flags = [mh-fallback], real-servers = [] }
          persistent-24 { address = "192.0.2.3:80", scheduler = wlc, persistence-timeout = 300s, persistence-granularity = 255.255.255.0, real-servers = [ { address = "198.51.100.3:80" } ] }
          persistent-16 { address = "192.0.2.3:443", scheduler = wlc, forwarding = dr, persistence-timeout = 1h, persistence-granularity = 255.255.0.0, real-servers = [ { address = "198.51.100.3" } ] }
          any-port { address = "192.0.2.4:0", scheduler = rr, forwarding = dr, persistence-timeout = 600, real-servers = [ { address = "198.51.100.4" } ] }
          persistent6-48 { address = "[2001:db8::5]:80", scheduler = rr, persistence-timeout = 2m, persistence-granularity = 48, real-servers = [ { address = "[2001:db8:1::5]:80" } ] }
          persistent6-host { address = "[2001:db8::5]:443", scheduler = rr, persistence-timeout = 2m, real-servers = [ { address = "[2001:db8:1::5]:443" } ] }
          mark6-64 { fwmark = 64, family = ipv6, scheduler = wrr, forwarding = dr, persistence-timeout = 1d, persistence-granularity = 64, real-servers = [ { address = "2001:db8:1::64" } ] }
          ops { protocol = udp, address = "192.0.2.6:53", scheduler = rr, one-packet = true, real-servers = [ { address = "198.51.100.6:53" } ] }
          sip { protocol = udp, address = "192.0.2.7:5060", scheduler = rr, one-packet = true, persistence-timeout = 60, persistence-engine = sip, real-servers = [ { address = "198.51.100.7:5060" } ] }
          sip6 { protocol = udp, address = "[2001:db8::7]:5060", scheduler = sh, scheduler-flags = [sh-port], persistence-timeout = 30, persistence-granularity = 64, persistence-engine = sip, real-servers = [ { address = "[2001:db8:1::7]:5060" } ] }
        }
        """;

    // Destinations whose order depends on glibc's merge order: word 1 at 0, 0x3000…, 0x6000…, 0x9000…, 0xC000… is a
    // cycle under the wrapping comparison, and 0x4000… against 0xC000… is "less" both ways. ipvsadm then sorts from
    // the kernel's listing, newest first, so the lab adds them in configured order, as our director does; a round
    // trip of render's own order could not match (no order of these is its own ipvsadm -S).
    private static Case DestinationOrder()
    {
        (string Vip, string[] RealServers)[] services =
        [
            ("[2001:db8::100]:80", ["[2001:db8:9000::1]:80", "[2001:db8::1]:80", "[2001:db8:c000::1]:80", "[2001:db8:3000::1]:80", "[2001:db8:6000::1]:80"]),
            ("[2001:db8::100]:81", ["[2001:db8:4000::1]:81", "[2001:db8:c000::1]:81"]),
        ];
        var config = string.Concat(services.Select((s, i) =>
            $"lvs.virtual-services.s{i} {{ address = \"{s.Vip}\", scheduler = rr, real-servers = [ "
            + string.Join(", ", s.RealServers.Select(rs => $"{{ address = \"{rs}\" }}")) + " ] }\n"));
        var program = string.Concat(services.Select(s =>
            $"-A -t {s.Vip} -s rr\n" + string.Concat(s.RealServers.Select(rs => $"-a -t {s.Vip} -r {rs} -m -w 1\n"))));
        return new Case("dest-order", config, _ => program);
    }
}
