using System.Net;
using LvsActors.Rendering;
using LvsActors.Tests.Configuration;

namespace LvsActors.Tests.Rendering;

/// <summary>
/// <c>render</c> must print what <c>ipvsadm -S -n</c> (1.31) prints for the same table: its format strings and its
/// sort (libipvs ipvs_cmp_services / ipvs_cmp_dests under glibc's merge sort).
/// </summary>
public sealed class IpvsadmSaveTests
{
    private static string Render(string lvs) => IpvsadmSave.Render(ConfigFile.Valid(lvs).VirtualServices);

    [Fact]
    public void Service_and_destination_lines_follow_ipvsadm_format()
    {
        var text = Render("""
            lvs.virtual-services.web {
              address = "192.0.2.100:80"
              scheduler = sh
              scheduler-flags = [sh-port, sh-fallback]
              persistence-timeout = 300
              persistence-granularity = 255.255.255.0
              real-servers = [
                { address = "198.51.100.12:8080", weight = 3, upper-threshold = 10 }
                { address = "198.51.100.11:8080", weight = 0 }
              ]
            }
            """);
        Assert.Equal(
            "-A -t 192.0.2.100:80 -s sh -p 300 -M 255.255.255.0 -b sh-fallback,sh-port\n" +
            "-a -t 192.0.2.100:80 -r 198.51.100.11:8080 -m -w 0\n" +
            "-a -t 192.0.2.100:80 -r 198.51.100.12:8080 -m -w 3\n", text);
    }

    [Fact]
    public void Udp_one_packet_sip_and_ipv6_persistence_prefix()
    {
        var text = Render("""
            lvs.virtual-services.sip {
              protocol = udp
              address = "[2001:db8::100]:5060"
              scheduler = rr
              one-packet = true
              persistence-timeout = 60s
              persistence-granularity = 64
              persistence-engine = sip
              real-servers = [ { address = "[2001:db8:1::11]:5060" } ]
            }
            """);
        Assert.Equal(
            "-A -u [2001:db8::100]:5060 -s rr -p 60 -M 64 --pe sip -o\n" +
            "-a -u [2001:db8::100]:5060 -r [2001:db8:1::11]:5060 -m -w 1\n", text);
    }

    [Fact]
    public void Tunnel_destinations_carry_type_port_and_checksum_as_ipvsadm_prints_them()
    {
        var text = Render("""
            lvs.virtual-services.t {
              address = "192.0.2.100:80"
              scheduler = rr
              forwarding = tun
              real-servers = [
                { address = "198.51.100.1" }
                { address = "198.51.100.2", tunnel { type = gue, port = 6080 } }
                { address = "198.51.100.3", tunnel { type = gre, checksum = csum } }
              ]
            }
            """);
        Assert.Equal(
            "-A -t 192.0.2.100:80 -s rr\n" +
            "-a -t 192.0.2.100:80 -r 198.51.100.1:80 -i -w 1 --tun-type ipip\n" +
            "-a -t 192.0.2.100:80 -r 198.51.100.2:80 -i -w 1 --tun-type gue --tun-port 6080 --tun-nocsum\n" +
            "-a -t 192.0.2.100:80 -r 198.51.100.3:80 -i -w 1 --tun-type gre --tun-csum\n", text);
    }

    [Fact]
    public void Services_sort_by_fwmark_then_family_then_protocol_then_address()
    {
        var text = Render("""
            lvs.virtual-services {
              m2 { fwmark = 2, scheduler = rr, forwarding = dr, real-servers = [] }
              m1v6 { fwmark = 1, family = ipv6, scheduler = rr, real-servers = [] }
              m1 { fwmark = 1, scheduler = rr, real-servers = [] }
              sctp { protocol = sctp, address = "192.0.2.1:9", scheduler = rr, real-servers = [] }
              udp { protocol = udp, address = "192.0.2.9:53", scheduler = rr, real-servers = [] }
              v6 { address = "[2001:db8::1]:80", scheduler = rr, real-servers = [] }
              b { address = "192.0.2.2:80", scheduler = rr, real-servers = [] }
              a { address = "192.0.2.2:22", scheduler = rr, real-servers = [] }
            }
            """);
        Assert.Equal(
            [
                "-A -t 192.0.2.2:22 -s rr", "-A -t 192.0.2.2:80 -s rr", "-A -u 192.0.2.9:53 -s rr",
                "-A --sctp-service 192.0.2.1:9 -s rr", "-A -t [2001:db8::1]:80 -s rr",
                "-A -f 1 -s rr", "-A -f 1 -6 -s rr", "-A -f 2 -s rr",
            ],
            text.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void The_address_comparison_wraps_as_in_libipvs()
    {
        // ntohl(192.168.0.1) - ntohl(10.0.0.1) = 0xB6A80000 read as int is negative: ipvsadm lists 192.168.0.1 first.
        var text = Render("""
            lvs.virtual-services.w {
              address = "192.0.2.100:80"
              scheduler = rr
              real-servers = [ { address = "10.0.0.1:80" }, { address = "172.16.0.1:80" }, { address = "192.168.0.1:80" } ]
            }
            """);
        Assert.Equal(
            ["172.16.0.1:80", "192.168.0.1:80", "10.0.0.1:80"],
            text.TrimEnd('\n').Split('\n').Skip(1).Select(l => l.Split(' ')[4]));
    }

    [Fact]
    public void The_merge_sort_is_glibcs_for_a_comparison_that_is_not_transitive()
    {
        // 1.0.0.1 < 96.0.0.1 < 192.0.0.1 < 1.0.0.1 under the wrapping subtraction: the result depends on glibc's merge order.
        static IpvsadmOrder.SortKey Key(string a) => new(0, System.Net.Sockets.AddressFamily.InterNetwork, 0, IPAddress.Parse(a), 0);
        var first = new[] { "96.0.0.1", "192.0.0.1", "1.0.0.1" };
        var second = new[] { "1.0.0.1", "192.0.0.1", "96.0.0.1" };
        IpvsadmOrder.Sort(first, Key, IpvsadmOrder.CompareDestinations);
        IpvsadmOrder.Sort(second, Key, IpvsadmOrder.CompareDestinations);
        Assert.Equal(["96.0.0.1", "192.0.0.1", "1.0.0.1"], first);
        Assert.Equal(["1.0.0.1", "96.0.0.1", "192.0.0.1"], second);
    }

    [Fact]
    public void Destinations_are_sorted_from_the_kernels_newest_first_listing()
    {
        // Word 1 of these addresses is 0, 0x60000000 and 0xC0000000: under the wrapping subtraction each is below the
        // next and the last below the first, so the result depends on the starting order. The kernel lists the
        // destinations newest first; ipvsadm -S printed this after they were added in configured order (kernel lab).
        var text = Render("""
            lvs.virtual-services.cycle {
              address = "[2001:db8::100]:80"
              scheduler = rr
              real-servers = [ { address = "[2001:db8::1]:80" }, { address = "[2001:db8:6000::1]:80" }, { address = "[2001:db8:c000::1]:80" } ]
            }
            """);
        Assert.Equal(
            ["[2001:db8:c000::1]:80", "[2001:db8::1]:80", "[2001:db8:6000::1]:80"],
            text.TrimEnd('\n').Split('\n').Skip(1).Select(l => l.Split(' ')[4]));
    }

    [Fact]
    public void Fwmark_direct_routing_destinations_keep_port_zero()
    {
        var text = Render("""
            lvs.virtual-services.m { fwmark = 1, scheduler = wrr, forwarding = dr, persistence-timeout = 600s, real-servers = [ { address = "198.51.100.11", weight = 3 } ] }
            """);
        Assert.Equal("-A -f 1 -s wrr -p 600\n-a -f 1 -r 198.51.100.11:0 -g -w 3\n", text);
    }
}
