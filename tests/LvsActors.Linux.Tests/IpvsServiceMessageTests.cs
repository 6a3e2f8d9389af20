using System.Net;
using System.Net.Sockets;
using LvsActors.Linux.Ipvs;
using static LvsActors.Linux.Tests.Golden;

namespace LvsActors.Linux.Tests;

/// <summary>
/// Service requests byte for byte. Expected bytes come from the kernel's structs and ipvsadm's libipvs
/// (ipvs_nl_fill_service_attr): nlmsghdr {len, type = family id, flags, seq, pid 0}, genlmsghdr {cmd, version 1, 0},
/// nest IPVS_CMD_ATTR_SERVICE | NLA_F_NESTED (libnl sets it), attributes padded to 4.
/// </summary>
public class IpvsServiceMessageTests
{
    private static readonly IpvsServiceKey Web = IpvsServiceKey.Tcp(IPAddress.Parse("192.0.2.1"), 80);

    // The identifying attributes of 192.0.2.1:80/TCP, 48 bytes with the nest header.
    private const string WebKeyNest = """
        30 00 01 80              // nla_len 48, IPVS_CMD_ATTR_SERVICE | NLA_F_NESTED
        06 00 01 00  02 00 00 00 // IPVS_SVC_ATTR_AF u16 2 (AF_INET) + 2 pad
        06 00 02 00  06 00 00 00 // IPVS_SVC_ATTR_PROTOCOL u16 6 (TCP) + pad
        14 00 03 00              // IPVS_SVC_ATTR_ADDR, 16 bytes (union nf_inet_addr)
        c0 00 02 01  00 00 00 00 00 00 00 00 00 00 00 00 // 192.0.2.1, zero-filled to 16
        06 00 04 00  00 50 00 00 // IPVS_SVC_ATTR_PORT 80 in network order + pad
        """;

    [Fact]
    public void NewService_ipv4_tcp_matches_libipvs()
    {
        byte[] actual = Build(w => IpvsMessages.NewService(w, 7, IpvsFamily, new IpvsService(Web, "wlc")));

        Hex.Equal("""
            68 00 00 00              // nlmsg_len 104
            1e 00                    // nlmsg_type: IPVS family id
            05 00                    // NLM_F_REQUEST | NLM_F_ACK
            07 00 00 00              // seq 7
            00 00 00 00              // pid 0: to the kernel
            01 01 00 00              // IPVS_CMD_NEW_SERVICE, version 1, reserved
            54 00 01 80              // nla_len 84, IPVS_CMD_ATTR_SERVICE | NLA_F_NESTED
            06 00 01 00  02 00 00 00 // AF 2
            06 00 02 00  06 00 00 00 // PROTOCOL 6
            14 00 03 00  c0 00 02 01 00 00 00 00 00 00 00 00 00 00 00 00 // ADDR 192.0.2.1
            06 00 04 00  00 50 00 00 // PORT 80 (be16)
            08 00 06 00  77 6c 63 00 // SCHED_NAME "wlc\0"
            0c 00 07 00              // FLAGS struct ip_vs_flags
            00 00 00 00  ff ff ff ff //   flags 0, mask ~0
            08 00 08 00  00 00 00 00 // TIMEOUT 0
            08 00 09 00  ff ff ff ff // NETMASK 255.255.255.255 (network order)
            """, actual);
    }

    [Fact]
    public void NewService_ipv6_udp_persistent_sh_with_sip_engine()
    {
        var service = new IpvsService(IpvsServiceKey.Udp(IPAddress.Parse("2001:db8::1"), 5060), "sh")
        {
            Flags = IpvsServiceFlags.Persistent | IpvsServiceFlags.SchedulerFlag1 | IpvsServiceFlags.SchedulerFlag2,
            PersistenceTimeout = 300,
            PersistencePrefixLength = 64,
            PersistenceEngine = "sip",
        };

        byte[] actual = Build(w => IpvsMessages.NewService(w, 1, IpvsFamily, service));

        Hex.Equal("""
            70 00 00 00  1e 00 05 00  01 00 00 00  00 00 00 00 // len 112, family, REQUEST|ACK, seq 1, pid 0
            01 01 00 00              // NEW_SERVICE v1
            5c 00 01 80              // SERVICE nest, 92 bytes
            06 00 01 00  0a 00 00 00 // AF 10 (AF_INET6)
            06 00 02 00  11 00 00 00 // PROTOCOL 17 (UDP)
            14 00 03 00  20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01 // ADDR 2001:db8::1
            06 00 04 00  13 c4 00 00 // PORT 5060 (be16 0x13c4)
            07 00 06 00  73 68 00 00 // SCHED_NAME "sh\0" + 1 pad
            08 00 0b 00  73 69 70 00 // PE_NAME "sip\0" (libipvs puts it after the scheduler)
            0c 00 07 00  19 00 00 00 ff ff ff ff // FLAGS PERSISTENT|SCHED1|SCHED2 = 0x19, mask ~0
            08 00 08 00  2c 01 00 00 // TIMEOUT 300
            08 00 09 00  40 00 00 00 // NETMASK: IPv6 prefix length 64, host order
            """, actual);
    }

    [Fact]
    public void SetService_fwmark_sends_mark_instead_of_address_and_ipv4_mask_in_network_order()
    {
        var service = new IpvsService(IpvsServiceKey.ForFirewallMark(7), "rr")
        {
            Flags = IpvsServiceFlags.OnePacket | IpvsServiceFlags.Hashed, // HASHED is the kernel's: must not be sent
            PersistencePrefixLength = 24,
        };

        byte[] actual = Build(w => IpvsMessages.SetService(w, 2, IpvsFamily, service));

        Hex.Equal("""
            4c 00 00 00  1e 00 05 00  02 00 00 00  00 00 00 00 // len 76, REQUEST|ACK, seq 2
            02 01 00 00              // IPVS_CMD_SET_SERVICE v1
            38 00 01 80              // SERVICE nest, 56 bytes
            06 00 01 00  02 00 00 00 // AF 2
            08 00 05 00  07 00 00 00 // FWMARK 7 (no PROTOCOL/ADDR/PORT)
            07 00 06 00  72 72 00 00 // SCHED_NAME "rr\0"
            0c 00 07 00  04 00 00 00 ff ff ff ff // FLAGS ONEPACKET only, mask ~0
            08 00 08 00  00 00 00 00 // TIMEOUT 0
            08 00 09 00  ff ff ff 00 // NETMASK 255.255.255.0 as network-order bytes
            """, actual);
    }

    [Fact]
    public void DelService_sends_only_the_identifying_attributes()
    {
        byte[] actual = Build(w => IpvsMessages.DelService(w, 3, IpvsFamily, Web));

        Hex.Equal($"""
            44 00 00 00  1e 00 05 00  03 00 00 00  00 00 00 00 // len 68, REQUEST|ACK, seq 3
            03 01 00 00              // IPVS_CMD_DEL_SERVICE v1
            {WebKeyNest}
            """, actual);
    }

    [Fact]
    public void GetService_single_is_a_request_with_ack_not_a_dump()
    {
        byte[] actual = Build(w => IpvsMessages.GetService(w, 4, IpvsFamily, Web));

        Hex.Equal($"""
            44 00 00 00  1e 00 05 00  04 00 00 00  00 00 00 00 // len 68, REQUEST|ACK, seq 4
            04 01 00 00              // IPVS_CMD_GET_SERVICE v1
            {WebKeyNest}
            """, actual);
    }

    [Fact]
    public void An_address_key_without_a_protocol_is_refused_before_anything_is_written()
    {
        // Only a firewall-mark service has no protocol; an address service without one has no kernel meaning.
        var key = new IpvsServiceKey(AddressFamily.InterNetwork, null, IPAddress.Parse("192.0.2.1"), 80, 0);

        var error = Assert.Throws<ArgumentException>(() => Build(w => IpvsMessages.GetService(w, 6, IpvsFamily, key)));

        Assert.Contains("no protocol", error.Message);
    }

    [Fact]
    public void GetService_sctp_ipv6()
    {
        var key = IpvsServiceKey.Sctp(IPAddress.Parse("2001:db8::5"), 9899);

        byte[] actual = Build(w => IpvsMessages.GetService(w, 5, IpvsFamily, key));

        Hex.Equal("""
            44 00 00 00  1e 00 05 00  05 00 00 00  00 00 00 00 // len 68, REQUEST|ACK, seq 5
            04 01 00 00              // GET_SERVICE v1
            30 00 01 80              // SERVICE nest, 48 bytes
            06 00 01 00  0a 00 00 00 // AF 10
            06 00 02 00  84 00 00 00 // PROTOCOL 132 (SCTP)
            14 00 03 00  20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 05 // ADDR 2001:db8::5
            06 00 04 00  26 ab 00 00 // PORT 9899 (be16 0x26ab)
            """, actual);
    }

    [Fact]
    public void DumpServices_is_get_service_with_dump_flags_and_no_attributes()
    {
        byte[] actual = Build(w => IpvsMessages.DumpServices(w, 6, IpvsFamily));

        Hex.Equal("""
            14 00 00 00              // len 20: headers only
            1e 00                    // family
            05 03                    // NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP (0x305, libnl adds ACK)
            06 00 00 00  00 00 00 00 // seq 6, pid 0
            04 01 00 00              // IPVS_CMD_GET_SERVICE v1
            """, actual);
    }

    [Theory]
    [InlineData(null, 0xffffffffu)]
    [InlineData(32, 0xffffffffu)]
    [InlineData(16, 0x0000ffffu)] // bytes ff ff 00 00 read as a little-endian u32
    [InlineData(0, 0u)]
    public void Ipv4_netmask_is_the_mask_in_network_byte_order(int? prefix, uint raw) =>
        Assert.Equal(raw, IpvsMessages.EncodeNetmask(AddressFamily.InterNetwork, prefix));

    [Fact]
    public void Default_persistence_settings_compare_equal_however_they_are_spelled()
    {
        var desired = new IpvsService(IpvsServiceKey.Tcp(IPAddress.Parse("2001:db8::1"), 80))
        {
            PersistencePrefixLength = 128,
            PersistenceEngine = string.Empty,
        };

        Assert.Equal(new IpvsService(desired.Key), desired);
        Assert.NotEqual(new IpvsService(desired.Key) { PersistencePrefixLength = 64 }, desired);
    }

    [Fact]
    public void Names_over_the_kernel_limit_are_refused_before_sending()
    {
        var service = new IpvsService(Web, "a-scheduler-name-too-long");

        var error = Assert.Throws<ArgumentException>(() => Build(w => IpvsMessages.NewService(w, 1, IpvsFamily, service)));
        Assert.Contains("1 to 15 ASCII characters", error.Message);
    }
}
