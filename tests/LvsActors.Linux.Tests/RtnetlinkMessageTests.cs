using System.Net;
using LvsActors.Linux.Netlink;
using LvsActors.Linux.Rtnetlink;
using static LvsActors.Linux.Tests.Golden;

namespace LvsActors.Linux.Tests;

/// <summary>
/// rtnetlink requests byte for byte, as iproute2 sends them: struct ifaddrmsg {u8 family, u8 prefixlen, u8 flags,
/// u8 scope, u32 index}, then IFA_LOCAL and IFA_ADDRESS; struct ifinfomsg {u8 family, u8 pad, u16 type, i32 index,
/// u32 flags, u32 change} then IFLA_IFNAME.
/// </summary>
public class RtnetlinkMessageTests
{
    [Fact]
    public void NewAddress_ipv4_creates_exclusively()
    {
        byte[] actual = Build(w => RtnetlinkMessages.NewAddress(w, 1, 2, IPAddress.Parse("192.0.2.1"), 32));

        Hex.Equal("""
            28 00 00 00              // len 40
            14 00                    // RTM_NEWADDR 20
            05 06                    // NLM_F_REQUEST|NLM_F_ACK|NLM_F_EXCL|NLM_F_CREATE = 0x605
            01 00 00 00  00 00 00 00 // seq 1, pid 0
            02 20 00 00              // ifaddrmsg: AF_INET, prefix 32, flags 0, scope universe
            02 00 00 00              // ifa_index 2
            08 00 02 00  c0 00 02 01 // IFA_LOCAL 192.0.2.1
            08 00 01 00  c0 00 02 01 // IFA_ADDRESS 192.0.2.1
            """, actual);
    }

    [Fact]
    public void NewAddress_ipv6_skips_duplicate_address_detection()
    {
        byte[] actual = Build(w => RtnetlinkMessages.NewAddress(w, 2, 3, IPAddress.Parse("2001:db8::10"), 128));

        Hex.Equal("""
            40 00 00 00  14 00 05 06 // len 64, RTM_NEWADDR, REQUEST|ACK|EXCL|CREATE
            02 00 00 00  00 00 00 00 // seq 2, pid 0
            0a 80 02 00              // AF_INET6, prefix 128, IFA_F_NODAD 0x02, scope universe
            03 00 00 00              // ifa_index 3
            14 00 02 00  20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 10 // IFA_LOCAL 2001:db8::10
            14 00 01 00  20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 10 // IFA_ADDRESS
            """, actual);
    }

    [Fact]
    public void NewAddress_with_a_lifetime_carries_ifa_cacheinfo_as_ip_addr_add_valid_lft_preferred_lft_does()
    {
        byte[] actual = Build(w => RtnetlinkMessages.NewAddress(w, 6, 2, IPAddress.Parse("192.0.2.100"), 24, new AddressLifetime(2, 1)));

        Hex.Equal("""
            3c 00 00 00              // len 60
            14 00 05 06              // RTM_NEWADDR, REQUEST|ACK|EXCL|CREATE
            06 00 00 00  00 00 00 00 // seq 6, pid 0
            02 18 00 00  02 00 00 00 // AF_INET /24, flags 0, scope universe, index 2
            08 00 02 00  c0 00 02 64 // IFA_LOCAL 192.0.2.100
            08 00 01 00  c0 00 02 64 // IFA_ADDRESS
            14 00 06 00              // IFA_CACHEINFO, 4 + sizeof(struct ifa_cacheinfo)
            01 00 00 00              // ifa_prefered 1 s
            02 00 00 00              // ifa_valid 2 s
            00 00 00 00  00 00 00 00 // cstamp, tstamp: set by the kernel, zero in a request
            """, actual);
    }

    [Fact]
    public void RenewAddress_replaces_the_lifetime_and_adds_the_address_again_if_it_expired()
    {
        byte[] actual = Build(w => RtnetlinkMessages.RenewAddress(w, 7, 2, IPAddress.Parse("192.0.2.100"), 24, new AddressLifetime(2, 2)));

        Hex.Equal("""
            3c 00 00 00              // len 60
            14 00 05 05              // RTM_NEWADDR, REQUEST|ACK|REPLACE|CREATE = 0x505 (ip addr replace)
            07 00 00 00  00 00 00 00 // seq 7, pid 0
            02 18 00 00  02 00 00 00 // AF_INET /24, index 2
            08 00 02 00  c0 00 02 64 // IFA_LOCAL
            08 00 01 00  c0 00 02 64 // IFA_ADDRESS
            14 00 06 00  02 00 00 00 02 00 00 00 00 00 00 00 00 00 00 00 // IFA_CACHEINFO preferred 2, valid 2
            """, actual);
    }

    [Theory]
    [InlineData(0u, 0u)]
    [InlineData(1u, 2u)]
    [InlineData(uint.MaxValue, 1u)]
    public void A_lifetime_is_finite_positive_and_preferred_at_most_valid(uint valid, uint preferred)
    {
        // 0xFFFFFFFF is INFINITY_LIFE_TIME: a permanent address, exactly what a VIP with a lifetime must never be.
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new AddressLifetime(valid, preferred));
        Assert.Contains("lifetime", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lifetime_is_rounded_up_to_whole_seconds_and_never_below_one()
    {
        Assert.Equal(new AddressLifetime(2, 2), AddressLifetime.AtLeast(TimeSpan.FromMilliseconds(1100)));
        Assert.Equal(new AddressLifetime(1, 1), AddressLifetime.AtLeast(TimeSpan.FromMilliseconds(10)));
    }

    [Fact]
    public void DelAddress_is_a_plain_acked_request()
    {
        byte[] actual = Build(w => RtnetlinkMessages.DelAddress(w, 3, 2, IPAddress.Parse("192.0.2.1"), 32));

        Hex.Equal("""
            28 00 00 00  15 00 05 00 // len 40, RTM_DELADDR 21, REQUEST|ACK
            03 00 00 00  00 00 00 00 // seq 3, pid 0
            02 20 00 00  02 00 00 00 // AF_INET /32, index 2
            08 00 02 00  c0 00 02 01 // IFA_LOCAL
            08 00 01 00  c0 00 02 01 // IFA_ADDRESS
            """, actual);
    }

    [Fact]
    public void DumpAddresses_sends_an_empty_ifaddrmsg()
    {
        byte[] actual = Build(w => RtnetlinkMessages.DumpAddresses(w, 4));

        Hex.Equal("""
            18 00 00 00  16 00 01 03 // len 24, RTM_GETADDR 22, REQUEST|DUMP
            04 00 00 00  00 00 00 00 // seq 4, pid 0
            00 00 00 00  00 00 00 00 // ifaddrmsg: AF_UNSPEC (every family), index 0
            """, actual);
    }

    [Fact]
    public void GetLink_by_name()
    {
        byte[] actual = Build(w => RtnetlinkMessages.GetLinkByName(w, 5, "lo"));

        Hex.Equal("""
            28 00 00 00  12 00 05 00 // len 40, RTM_GETLINK 18, REQUEST|ACK
            05 00 00 00  00 00 00 00 // seq 5, pid 0
            00 00 00 00  00 00 00 00 00 00 00 00 00 00 00 00 // ifinfomsg: index 0 = look up by name
            07 00 03 00  6c 6f 00 00 // IFLA_IFNAME "lo\0" + pad
            """, actual);
    }

    [Fact]
    public void Address_dump_entry_parses_local_address_label_and_ifa_flags()
    {
        byte[] reply = Hex.Parse("""
            38 00 00 00  14 00 02 00 // len 56, RTM_NEWADDR, NLM_F_MULTI
            01 00 00 00  34 12 00 00 // seq 1, pid 0x1234
            02 08 80 fe  01 00 00 00 // AF_INET, /8, IFA_F_PERMANENT, scope host, index 1
            08 00 01 00  7f 00 00 01 // IFA_ADDRESS 127.0.0.1
            08 00 02 00  7f 00 00 01 // IFA_LOCAL 127.0.0.1
            07 00 03 00  6c 6f 00 00 // IFA_LABEL "lo"
            08 00 08 00  80 00 00 00 // IFA_FLAGS 0x80
            """);
        var messages = new NetlinkMessageEnumerator(reply);
        Assert.True(messages.MoveNext());

        InterfaceAddress? address = RtnetlinkMessages.ReadAddress(messages.Current);

        Assert.Equal(new InterfaceAddress(1, IPAddress.Loopback, 8, 254, 0x80, "lo"), address);
    }
}
