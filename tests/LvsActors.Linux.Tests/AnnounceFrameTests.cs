using System.Net;
using LvsActors.Linux.Announce;

namespace LvsActors.Linux.Tests;

/// <summary>
/// Announcement frames byte for byte: gratuitous ARP as keepalived and `arping -U` send it, and the unsolicited
/// neighbour advertisement of RFC 4861 §7.2.6 (checksum computed independently of the code under test).
/// </summary>
public class AnnounceFrameTests
{
    private static readonly byte[] Mac = [0x02, 0x00, 0x5e, 0x00, 0x53, 0x01];

    [Fact]
    public void Gratuitous_arp_is_a_broadcast_request_from_the_vip_for_the_vip()
    {
        byte[] actual = GarpSender.BuildFrame(Mac, IPAddress.Parse("192.0.2.100"));

        Hex.Equal("""
            ff ff ff ff ff ff        // destination: broadcast
            02 00 5e 00 53 01        // source: our interface
            08 06                    // EtherType ARP
            00 01  08 00             // hardware Ethernet, protocol IPv4
            06 04                    // address lengths 6 and 4
            00 01                    // request
            02 00 5e 00 53 01        // sender hardware address
            c0 00 02 64              // sender IP 192.0.2.100
            00 00 00 00 00 00        // target hardware address: zero (RFC 5227)
            c0 00 02 64              // target IP 192.0.2.100
            """, actual);
    }

    [Fact]
    public void Unsolicited_neighbour_advertisement_goes_to_all_nodes_with_override_and_our_link_address()
    {
        byte[] actual = NaSender.BuildFrame(Mac, IPAddress.Parse("2001:db8::100"));

        Hex.Equal("""
            33 33 00 00 00 01        // destination: all-nodes multicast MAC
            02 00 5e 00 53 01        // source
            86 dd                    // EtherType IPv6
            60 00 00 00              // version 6
            00 20  3a  ff            // payload 32, next header ICMPv6, hop limit 255
            20 01 0d b8 00 00 00 00  00 00 00 00 00 00 01 00 // source 2001:db8::100
            ff 02 00 00 00 00 00 00  00 00 00 00 00 00 00 01 // destination ff02::1
            88 00  46 2c             // type 136 code 0, checksum
            20 00 00 00              // flags: Override
            20 01 0d b8 00 00 00 00  00 00 00 00 00 00 01 00 // target 2001:db8::100
            02 01  02 00 5e 00 53 01 // option target link-layer address, length 1 (8 bytes)
            """, actual);
    }

    [Fact]
    public void The_wrong_address_family_is_refused()
    {
        Assert.Throws<ArgumentException>(() => GarpSender.BuildFrame(Mac, IPAddress.Parse("2001:db8::1")));
        Assert.Throws<ArgumentException>(() => NaSender.BuildFrame(Mac, IPAddress.Parse("192.0.2.1")));
    }

    [Fact]
    public void Link_info_reads_the_index_and_the_ethernet_address_from_sysfs()
    {
        var root = Directory.CreateTempSubdirectory();
        try
        {
            var eth = Directory.CreateDirectory(Path.Combine(root.FullName, "eth0"));
            File.WriteAllText(Path.Combine(eth.FullName, "ifindex"), "3\n");
            File.WriteAllText(Path.Combine(eth.FullName, "address"), "02:00:5e:00:53:01\n");

            var link = LinkInfo.Read("eth0", root.FullName);

            Assert.Equal(3, link.Index);
            Assert.Equal(Mac, link.HardwareAddress);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }
}
