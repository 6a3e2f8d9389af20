using System.Net;
using LvsActors.Linux.Ipvs;
using static LvsActors.Linux.Tests.Golden;

namespace LvsActors.Linux.Tests;

/// <summary>
/// Destination requests byte for byte. The destination nest follows libipvs's ipvs_nl_fill_dest_attr order:
/// ADDR_FAMILY, ADDR (16 bytes), PORT (be16), FWD_METHOD, WEIGHT, TUN_TYPE (u8), TUN_PORT (be16), TUN_FLAGS, U_THRESH,
/// L_THRESH. The service nest carries only what ip_vs_genl_parse_service reads for destination commands.
/// </summary>
public class IpvsDestinationMessageTests
{
    private static readonly IpvsServiceKey Web = IpvsServiceKey.Tcp(IPAddress.Parse("192.0.2.1"), 80);

    private const string WebKeyNest = """
        30 00 01 80              // IPVS_CMD_ATTR_SERVICE | NLA_F_NESTED, 48 bytes
        06 00 01 00  02 00 00 00 // AF 2
        06 00 02 00  06 00 00 00 // PROTOCOL 6
        14 00 03 00  c0 00 02 01 00 00 00 00 00 00 00 00 00 00 00 00 // ADDR 192.0.2.1
        06 00 04 00  00 50 00 00 // PORT 80
        """;

    [Fact]
    public void NewDest_masquerade_with_weight_and_thresholds()
    {
        var dest = new IpvsDestination(IPAddress.Parse("198.51.100.11"), 8080)
        {
            ForwardingMethod = IpvsForwardingMethod.Masquerade,
            Weight = 5,
            UpperThreshold = 100,
            LowerThreshold = 10,
        };

        byte[] actual = Build(w => IpvsMessages.NewDest(w, 9, IpvsFamily, Web, dest));

        Hex.Equal($"""
            a4 00 00 00  1e 00 05 00  09 00 00 00  00 00 00 00 // len 164, REQUEST|ACK, seq 9, pid 0
            05 01 00 00              // IPVS_CMD_NEW_DEST v1
            {WebKeyNest}
            60 00 02 80              // IPVS_CMD_ATTR_DEST | NLA_F_NESTED, 96 bytes
            06 00 0b 00  02 00 00 00 // ADDR_FAMILY 2
            14 00 01 00  c6 33 64 0b 00 00 00 00 00 00 00 00 00 00 00 00 // ADDR 198.51.100.11
            06 00 02 00  1f 90 00 00 // PORT 8080 (be16 0x1f90)
            08 00 03 00  00 00 00 00 // FWD_METHOD 0 MASQ
            08 00 04 00  05 00 00 00 // WEIGHT 5
            05 00 0d 00  00 00 00 00 // TUN_TYPE u8 0 (IPIP) + 3 pad
            06 00 0e 00  00 00 00 00 // TUN_PORT 0
            06 00 0f 00  00 00 00 00 // TUN_FLAGS 0 (NOCSUM)
            08 00 05 00  64 00 00 00 // U_THRESH 100
            08 00 06 00  0a 00 00 00 // L_THRESH 10
            """, actual);
    }

    [Fact]
    public void SetDest_gue_tunnel_to_an_ipv6_destination_of_an_ipv4_service()
    {
        var dest = new IpvsDestination(IPAddress.Parse("2001:db8::11"), 80)
        {
            ForwardingMethod = IpvsForwardingMethod.Tunnel,
            Weight = 0, // quiescent
            TunnelType = IpvsTunnelType.Gue,
            TunnelPort = 6080,
            TunnelFlags = IpvsTunnelFlags.Checksum | IpvsTunnelFlags.RemoteChecksum,
        };

        byte[] actual = Build(w => IpvsMessages.SetDest(w, 10, IpvsFamily, Web, dest));

        Hex.Equal($"""
            a4 00 00 00  1e 00 05 00  0a 00 00 00  00 00 00 00 // len 164, seq 10
            06 01 00 00              // IPVS_CMD_SET_DEST v1
            {WebKeyNest}
            60 00 02 80              // DEST nest, 96 bytes
            06 00 0b 00  0a 00 00 00 // ADDR_FAMILY 10: mixed family, allowed only for TUNNEL
            14 00 01 00  20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 11 // ADDR 2001:db8::11
            06 00 02 00  00 50 00 00 // PORT 80
            08 00 03 00  02 00 00 00 // FWD_METHOD 2 TUNNEL
            08 00 04 00  00 00 00 00 // WEIGHT 0
            05 00 0d 00  01 00 00 00 // TUN_TYPE 1 GUE
            06 00 0e 00  17 c0 00 00 // TUN_PORT 6080 (be16 0x17c0)
            06 00 0f 00  03 00 00 00 // TUN_FLAGS CSUM|REMCSUM (host order)
            08 00 05 00  00 00 00 00 // U_THRESH 0
            08 00 06 00  00 00 00 00 // L_THRESH 0
            """, actual);
    }

    [Fact]
    public void DelDest_direct_route_gre_and_negative_weight_sent_as_is_for_the_kernel_to_refuse()
    {
        var dest = new IpvsDestination(IPAddress.Parse("198.51.100.12"), 80)
        {
            Weight = -1, // the kernel answers ERANGE; we do not second-guess it
            TunnelType = IpvsTunnelType.Gre,
        };

        byte[] actual = Build(w => IpvsMessages.DelDest(w, 11, IpvsFamily, Web, dest));

        Hex.Equal($"""
            a4 00 00 00  1e 00 05 00  0b 00 00 00  00 00 00 00 // len 164, seq 11
            07 01 00 00              // IPVS_CMD_DEL_DEST v1
            {WebKeyNest}
            60 00 02 80              // DEST nest
            06 00 0b 00  02 00 00 00 // ADDR_FAMILY 2
            14 00 01 00  c6 33 64 0c 00 00 00 00 00 00 00 00 00 00 00 00 // ADDR 198.51.100.12
            06 00 02 00  00 50 00 00 // PORT 80
            08 00 03 00  03 00 00 00 // FWD_METHOD 3 DROUTE (ipvsadm's default)
            08 00 04 00  ff ff ff ff // WEIGHT -1 as u32
            05 00 0d 00  02 00 00 00 // TUN_TYPE 2 GRE
            06 00 0e 00  00 00 00 00 // TUN_PORT 0
            06 00 0f 00  00 00 00 00 // TUN_FLAGS 0
            08 00 05 00  00 00 00 00 // U_THRESH 0
            08 00 06 00  00 00 00 00 // L_THRESH 0
            """, actual);
    }

    [Fact]
    public void DumpDests_is_a_dump_with_the_service_nest()
    {
        byte[] actual = Build(w => IpvsMessages.DumpDests(w, 12, IpvsFamily, Web));

        Hex.Equal($"""
            44 00 00 00  1e 00       // len 68, family
            05 03                    // REQUEST|ACK|DUMP
            0c 00 00 00  00 00 00 00 // seq 12, pid 0
            08 01 00 00              // IPVS_CMD_GET_DEST v1
            {WebKeyNest}
            """, actual);
    }

    [Fact]
    public void Several_requests_are_written_back_to_back_for_one_send()
    {
        var dest = new IpvsDestination(IPAddress.Parse("198.51.100.11"), 80);

        byte[] actual = Build(w =>
        {
            IpvsMessages.Flush(w, 1, IpvsFamily);
            IpvsMessages.NewDest(w, 2, IpvsFamily, Web, dest);
        });

        Assert.Equal(20 + 164, actual.Length);
        Assert.Equal(Build(w => IpvsMessages.Flush(w, 1, IpvsFamily)), actual[..20]);
        Assert.Equal(Build(w => IpvsMessages.NewDest(w, 2, IpvsFamily, Web, dest)), actual[20..]);
    }
}
