using LvsActors.Model;
using LvsActors.Rendering;
using LvsActors.Table;
using LvsActors.Tests.Configuration;

namespace LvsActors.Tests.Rendering;

/// <summary>
/// <c>list</c> must print what <c>ipvsadm -Ln</c>, <c>-Ln --stats</c> and <c>-Ln --rate</c> (1.31) print: the format
/// strings of print_title, print_service_entry and print_largenum, trailing padding included, in ipvsadm's order.
/// The lab test IpvsCliTests compares the same against the real ipvsadm.
/// </summary>
public sealed class IpvsadmListTests
{
    private static LiveTable Table(string lvs, Func<DestinationEntry, LiveDestination>? destination = null, TrafficStats? serviceStats = null)
    {
        destination ??= d => new LiveDestination(d, 0, 0, TrafficStats.Zero);
        var services = ConfigFile.Valid(lvs).VirtualServices
            .Select(ServiceEntry.Configured)
            .Select(e => new LiveService(e, serviceStats ?? TrafficStats.Zero, e.Destinations.Select(destination).ToList()))
            .ToList();
        return new LiveTable("1.2.1", 4096, services);
    }

    [Fact]
    public void Default_listing_has_ipvsadm_titles_service_flags_and_padded_destination_columns()
    {
        var table = Table("""
            lvs.virtual-services {
              web {
                address = "192.0.2.100:80"
                scheduler = sh
                scheduler-flags = [sh-port, sh-fallback]
                persistence-timeout = 300
                persistence-granularity = 255.255.255.0
                real-servers = [
                  { address = "198.51.100.12:8080", weight = 3 }
                  { address = "198.51.100.11:8080", weight = 0, forwarding = nat }
                ]
              }
              sip {
                protocol = udp
                address = "[2001:db8::100]:5060"
                scheduler = rr
                one-packet = true
                persistence-timeout = 60s
                persistence-granularity = 64
                persistence-engine = sip
                forwarding = dr
                real-servers = [ { address = "[2001:db8:1::11]:5060" } ]
              }
              marked { fwmark = 7, family = ipv6, scheduler = mh, forwarding = tun, real-servers = [ { address = "[2001:db8:1::12]" } ] }
              any { protocol = sctp, address = "192.0.2.100:3868", real-servers = [] }
            }
            """, d => new LiveDestination(d, 12, 3456, TrafficStats.Zero));

        Assert.Equal(
            "IP Virtual Server version 1.2.1 (size=4096)\n" +
            "Prot LocalAddress:Port Scheduler Flags\n" +
            "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n" +
            "TCP  192.0.2.100:80 sh (sh-fallback,sh-port) persistent 300 mask 255.255.255.0\n" +
            "  -> 198.51.100.11:8080           Masq    0      12         3456      \n" +
            "  -> 198.51.100.12:8080           Masq    3      12         3456      \n" +
            "SCTP 192.0.2.100:3868 wlc\n" +
            "UDP  [2001:db8::100]:5060 rr persistent 60 mask 64 pe sip ops\n" +
            "  -> [2001:db8:1::11]:5060        Route   1      12         3456      \n" +
            "FWM  7 IPv6 mh\n" +
            "  -> [2001:db8:1::12]:0           Tunnel  1      12         3456      \n",
            IpvsadmList.Render(table));
    }

    [Fact]
    public void Unnamed_scheduler_flags_local_node_and_one_packet_without_persistence()
    {
        var entry = ServiceEntry.Configured(ConfigFile.Valid("""
            lvs.virtual-services.dns { protocol = udp, address = "192.0.2.1:53", one-packet = true, real-servers = [ { address = "127.0.0.1:53" } ] }
            """).VirtualServices[0]);
        entry = entry with { Scheduler = new SchedulerSpec("rr", SchedulerFlags.Sched1 | SchedulerFlags.Sched3) };
        var local = new LiveDestination(entry.Destinations[0], 0, 0, TrafficStats.Zero) { LocalNode = true };
        var table = new LiveTable("1.2.1", 4096, [new LiveService(entry, TrafficStats.Zero, [local])]);

        Assert.EndsWith(
            "UDP  192.0.2.1:53 rr (flag-1,flag-3) ops\n" +
            "  -> 127.0.0.1:53                 Local   1      0          0         \n",
            IpvsadmList.Render(table), StringComparison.Ordinal);
    }

    [Fact]
    public void Stats_columns_are_nine_wide_and_large_numbers_take_a_unit()
    {
        var counts = new TrafficStats(99_999_999, 100_000_000, 1_000_000_000, 100_000_000_000, 100_000_000_000_000, 0, 0, 0, 0, 0);
        var table = Table("""
            lvs.virtual-services.web { address = "192.0.2.100:80", real-servers = [ { address = "198.51.100.11:80" } ] }
            """, d => new LiveDestination(d, 0, 0, new TrafficStats(1, 2, 3, 4, 5, 0, 0, 0, 0, 0)), counts);

        Assert.Equal(
            "IP Virtual Server version 1.2.1 (size=4096)\n" +
            "Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes\n" +
            "  -> RemoteAddress:Port\n" +
            "TCP  192.0.2.100:80               99999999  100000K    1000M     100G     100T\n" +
            "  -> 198.51.100.11:80                    1        2        3        4        5\n",
            IpvsadmList.Render(table, IpvsadmListFormat.Stats));
    }

    [Fact]
    public void Rate_columns_use_eight_wide_packet_rates_for_destinations()
    {
        var rates = new TrafficStats(0, 0, 0, 0, 0, 7, 80, 90, 123_456_789, 1_500);
        var table = Table("""
            lvs.virtual-services.web { fwmark = 3, real-servers = [ { address = "198.51.100.11" } ] }
            """, d => new LiveDestination(d, 0, 0, rates), rates);

        Assert.Equal(
            "IP Virtual Server version 1.2.1 (size=4096)\n" +
            "Prot LocalAddress:Port                 CPS    InPPS   OutPPS    InBPS   OutBPS\n" +
            "  -> RemoteAddress:Port\n" +
            "FWM  3                                   7       80       90  123456K     1500\n" +
            "  -> 198.51.100.11:0                     7       80       90  123456K     1500\n",
            IpvsadmList.Render(table, IpvsadmListFormat.Rate));
    }
}
