using System.Net;
using System.Net.Sockets;
using LvsActors.Linux.Ipvs;
using LvsActors.Linux.Netlink;
using LvsActors.Model;

namespace LvsActors.Linux.Tests;

/// <summary>
/// Dumps as the kernel sends them (ip_vs_genl_dump_service/_dest: NLM_F_MULTI, our seq and port id, nests without
/// NLA_F_NESTED), fed to the client through a scripted transport, across several datagrams, ending in NLMSG_DONE.
/// </summary>
public class IpvsReplyParsingTests
{
    private const uint Port = 0x1234;

    private static IpvsClient Client(ScriptedTransport transport) => new(new NetlinkChannel(transport), Golden.IpvsFamily);

    private const string Done = """
        14 00 00 00  03 00 02 00 // len 20, NLMSG_DONE, NLM_F_MULTI
        01 00 00 00  34 12 00 00 // seq 1, pid 0x1234
        00 00 00 00              // dump status 0
        """;

    [Fact]
    public void Service_dump_over_two_datagrams_with_stats64_preferred_and_stats_fallback()
    {
        var transport = new ScriptedTransport(Port);
        transport.Reply(
            Hex.Parse("""
                24 00 00 00  02 00 00 01 63 00 00 00  34 12 00 00 // stale ack for seq 99: must be skipped
                00 00 00 00  14 00 00 00 1e 00 05 00 63 00 00 00 00 00 00 00
                24 00 00 00  02 00 00 01 01 00 00 00  99 99 00 00 // our seq but another port id: skipped
                ff ff ff ff  14 00 00 00 1e 00 05 00 01 00 00 00 00 00 00 00 // (would be EPERM)
                40 01 00 00  1e 00 02 00 // len 320, IPVS family, NLM_F_MULTI
                01 00 00 00  34 12 00 00 // seq 1, pid 0x1234
                01 01 00 00              // IPVS_CMD_NEW_SERVICE v1
                2c 01 01 00              // SERVICE nest (no NLA_F_NESTED), 300 bytes
                06 00 01 00  02 00 00 00 // AF 2
                06 00 02 00  06 00 00 00 // PROTOCOL 6
                14 00 03 00  c0 00 02 01 00 00 00 00 00 00 00 00 00 00 00 00 // ADDR 192.0.2.1 (always 16 bytes)
                06 00 04 00  00 50 00 00 // PORT 80
                08 00 06 00  77 6c 63 00 // SCHED_NAME "wlc"
                0c 00 07 00  02 00 00 00 ff ff ff ff // FLAGS HASHED (kernel bookkeeping), mask ~0
                08 00 08 00  00 00 00 00 // TIMEOUT 0
                08 00 09 00  ff ff ff ff // NETMASK /32
                5c 00 0a 00              // STATS nest, 92 bytes
                08 00 01 00  05 00 00 00 // CONNS 5
                08 00 02 00  0a 00 00 00 // INPKTS 10
                08 00 03 00  08 00 00 00 // OUTPKTS 8
                0c 00 04 00  e8 03 00 00 00 00 00 00 // INBYTES 1000 (u64)
                0c 00 05 00  d0 07 00 00 00 00 00 00 // OUTBYTES 2000
                08 00 06 00  01 00 00 00 // CPS 1
                08 00 07 00  02 00 00 00 // INPPS 2
                08 00 08 00  03 00 00 00 // OUTPPS 3
                08 00 09 00  04 00 00 00 // INBPS 4
                08 00 0a 00  05 00 00 00 // OUTBPS 5
                7c 00 0c 00              // STATS64 nest, 124 bytes (x86-64: no PAD needed)
                0c 00 01 00  05 00 00 00 00 00 00 00 // CONNS 5
                0c 00 02 00  0a 00 00 00 00 00 00 00 // INPKTS 10
                0c 00 03 00  08 00 00 00 00 00 00 00 // OUTPKTS 8
                0c 00 04 00  00 00 00 00 01 00 00 00 // INBYTES 2^32: only the 64-bit nest can say so
                0c 00 05 00  d0 07 00 00 00 00 00 00 // OUTBYTES 2000
                0c 00 06 00  01 00 00 00 00 00 00 00 // CPS 1
                0c 00 07 00  02 00 00 00 00 00 00 00 // INPPS 2
                0c 00 08 00  03 00 00 00 00 00 00 00 // OUTPPS 3
                0c 00 09 00  04 00 00 00 00 00 00 00 // INBPS 4
                0c 00 0a 00  05 00 00 00 00 00 00 00 // OUTBPS 5
                """),
            Hex.Parse($"""
                b0 00 00 00  1e 00 02 00 // len 176, NLM_F_MULTI
                01 00 00 00  34 12 00 00 // seq 1, pid
                01 01 00 00              // NEW_SERVICE v1
                9c 00 01 00              // SERVICE nest, 156 bytes (an older kernel: STATS only)
                06 00 01 00  0a 00 00 00 // AF 10
                08 00 05 00  07 00 00 00 // FWMARK 7
                07 00 06 00  73 68 00 00 // SCHED_NAME "sh"
                08 00 0b 00  73 69 70 00 // PE_NAME "sip"
                0c 00 07 00  1b 00 00 00 ff ff ff ff // FLAGS PERSISTENT|HASHED|SCHED1|SCHED2
                08 00 08 00  2c 01 00 00 // TIMEOUT 300
                08 00 09 00  40 00 00 00 // NETMASK prefix 64
                5c 00 0a 00              // STATS nest
                08 00 01 00  09 00 00 00 // CONNS 9
                08 00 02 00  00 00 00 00
                08 00 03 00  00 00 00 00
                0c 00 04 00  00 00 00 00 00 00 00 00
                0c 00 05 00  00 00 00 00 00 00 00 00
                08 00 06 00  00 00 00 00
                08 00 07 00  00 00 00 00
                08 00 08 00  00 00 00 00
                08 00 09 00  00 00 00 00
                08 00 0a 00  00 00 00 00
                {Done}
                """));
        using IpvsClient client = Client(transport);

        IReadOnlyList<IpvsServiceEntry> services = client.GetServices();

        Hex.Equal("14 00 00 00 1e 00 05 03 01 00 00 00 00 00 00 00 04 01 00 00", transport.Sent.Single());
        Assert.Equal(2, services.Count);
        Assert.Equal(new IpvsService(IpvsServiceKey.Tcp(IPAddress.Parse("192.0.2.1"), 80), "wlc"), services[0].Service);
        Assert.Equal(new IpvsStats(5, 10, 8, 1UL << 32, 2000, 1, 2, 3, 4, 5), services[0].Stats);
        var expected = new IpvsService(IpvsServiceKey.ForFirewallMark(7, AddressFamily.InterNetworkV6), "sh")
        {
            Flags = IpvsServiceFlags.Persistent | IpvsServiceFlags.SchedulerFlag1 | IpvsServiceFlags.SchedulerFlag2,
            PersistenceTimeout = 300,
            PersistencePrefixLength = 64,
            PersistenceEngine = "sip",
        };
        Assert.Equal(expected, services[1].Service);
        Assert.Null(services[1].Service.Key.Protocol); // a firewall-mark service has no protocol, not a "none" one
        Assert.Equal(9UL, services[1].Stats.Connections);
    }

    [Theory]
    [InlineData("06 00", Protocol.Tcp)]
    [InlineData("11 00", Protocol.Udp)]
    [InlineData("84 00", Protocol.Sctp)]
    public void Address_service_protocol_numbers_read_as_the_model_protocol(string number, Protocol protocol)
    {
        var transport = new ScriptedTransport(Port);
        transport.Reply(Hex.Parse(ServiceWithProtocol(number) + Done));
        using IpvsClient client = Client(transport);

        IpvsServiceEntry entry = Assert.Single(client.GetServices());

        Assert.Equal(IpvsServiceKey.For(protocol, IPAddress.Parse("192.0.2.1"), 80), entry.Service.Key);
    }

    [Fact]
    public void Address_service_with_a_protocol_ipvs_refuses_is_a_malformed_reply()
    {
        // ip_vs_ctl.c accepts address services of TCP, UDP and SCTP only; ICMP (1) here means a broken reply.
        var transport = new ScriptedTransport(Port);
        transport.Reply(Hex.Parse(ServiceWithProtocol("01 00") + Done));
        using IpvsClient client = Client(transport);

        var error = Assert.Throws<NetlinkException>(() => client.GetServices());

        Assert.Contains("protocol 1 (not TCP, UDP or SCTP)", error.Message);
    }

    private static string ServiceWithProtocol(string number) => $"""
        4c 00 00 00  1e 00 02 00 // len 76, IPVS family, NLM_F_MULTI
        01 00 00 00  34 12 00 00 // seq 1, pid 0x1234
        01 01 00 00              // IPVS_CMD_NEW_SERVICE v1
        38 00 01 00              // SERVICE nest, 56 bytes
        06 00 01 00  02 00 00 00 // AF 2
        06 00 02 00  {number} 00 00 // PROTOCOL
        14 00 03 00  c0 00 02 01 00 00 00 00 00 00 00 00 00 00 00 00 // ADDR 192.0.2.1
        06 00 04 00  00 50 00 00 // PORT 80
        07 00 06 00  72 72 00 00 // SCHED_NAME "rr"

        """;

    [Fact]
    public void Destination_dump_with_pad_attributes_in_both_stats_nests()
    {
        var transport = new ScriptedTransport(Port);
        transport.Reply(Hex.Parse($"""
            94 01 00 00  1e 00 02 00 // len 404, NLM_F_MULTI
            01 00 00 00  34 12 00 00 // seq 1, pid
            05 01 00 00              // IPVS_CMD_NEW_DEST v1
            80 01 02 00              // DEST nest, 384 bytes
            14 00 01 00  c6 33 64 0b 00 00 00 00 00 00 00 00 00 00 00 00 // ADDR 198.51.100.11
            06 00 02 00  1f 90 00 00 // PORT 8080
            08 00 03 00  00 00 00 00 // FWD_METHOD MASQ
            08 00 04 00  05 00 00 00 // WEIGHT 5
            05 00 0d 00  00 00 00 00 // TUN_TYPE 0
            06 00 0e 00  00 00 00 00 // TUN_PORT 0
            06 00 0f 00  00 00 00 00 // TUN_FLAGS 0
            08 00 05 00  64 00 00 00 // U_THRESH 100
            08 00 06 00  0a 00 00 00 // L_THRESH 10
            08 00 07 00  03 00 00 00 // ACTIVE_CONNS 3
            08 00 08 00  04 00 00 00 // INACT_CONNS 4
            08 00 09 00  02 00 00 00 // PERSIST_CONNS 2
            06 00 0b 00  02 00 00 00 // ADDR_FAMILY 2
            64 00 0a 00              // STATS nest, 100 bytes (strict-alignment arch: PAD before each u64)
            08 00 01 00  07 00 00 00 // CONNS 7 (truncated to u32)
            08 00 02 00  0b 00 00 00 // INPKTS 11
            08 00 03 00  0c 00 00 00 // OUTPKTS 12
            04 00 0b 00              // PAD
            0c 00 04 00  00 01 00 00 00 00 00 00 // INBYTES 256
            04 00 0b 00              // PAD
            0c 00 05 00  00 02 00 00 00 00 00 00 // OUTBYTES 512
            08 00 06 00  01 00 00 00
            08 00 07 00  02 00 00 00
            08 00 08 00  03 00 00 00
            08 00 09 00  04 00 00 00
            08 00 0a 00  05 00 00 00
            a4 00 0c 00              // STATS64 nest, 164 bytes: PAD + u64 for each counter
            04 00 0b 00  0c 00 01 00  07 00 00 00 01 00 00 00 // CONNS 2^32 + 7
            04 00 0b 00  0c 00 02 00  0b 00 00 00 00 00 00 00 // INPKTS 11
            04 00 0b 00  0c 00 03 00  0c 00 00 00 00 00 00 00 // OUTPKTS 12
            04 00 0b 00  0c 00 04 00  00 01 00 00 00 00 00 00 // INBYTES 256
            04 00 0b 00  0c 00 05 00  00 02 00 00 00 00 00 00 // OUTBYTES 512
            04 00 0b 00  0c 00 06 00  01 00 00 00 00 00 00 00 // CPS 1
            04 00 0b 00  0c 00 07 00  02 00 00 00 00 00 00 00 // INPPS 2
            04 00 0b 00  0c 00 08 00  03 00 00 00 00 00 00 00 // OUTPPS 3
            04 00 0b 00  0c 00 09 00  04 00 00 00 00 00 00 00 // INBPS 4
            04 00 0b 00  0c 00 0a 00  05 00 00 00 00 00 00 00 // OUTBPS 5
            {Done}
            """));
        using IpvsClient client = Client(transport);
        var web = IpvsServiceKey.Tcp(IPAddress.Parse("192.0.2.1"), 80);

        IpvsDestinationEntry entry = Assert.Single(client.GetDestinations(web));

        var expected = new IpvsDestination(IPAddress.Parse("198.51.100.11"), 8080)
        {
            ForwardingMethod = IpvsForwardingMethod.Masquerade,
            Weight = 5,
            UpperThreshold = 100,
            LowerThreshold = 10,
        };
        Assert.Equal(expected, entry.Destination);
        Assert.Equal((3u, 4u, 2u), (entry.ActiveConnections, entry.InactiveConnections, entry.PersistentConnections));
        Assert.Equal(new IpvsStats((1UL << 32) + 7, 11, 12, 256, 512, 1, 2, 3, 4, 5), entry.Stats);
    }

    [Fact]
    public void Destinations_of_a_missing_service_are_an_empty_dump()
    {
        var transport = new ScriptedTransport(Port);
        transport.Reply(Hex.Parse(Done));
        using IpvsClient client = Client(transport);

        Assert.Empty(client.GetDestinations(IpvsServiceKey.Tcp(IPAddress.Parse("192.0.2.9"), 80)));
    }

    [Fact]
    public void Info_timeouts_and_daemons_replies()
    {
        var transport = new ScriptedTransport(Port);
        const string Ack = "00 00 00 00  14 00 00 00 1e 00 05 00 {0} 00 00 00 00 00 00 00 // error 0 + echoed header";
        transport.Reply(
            Hex.Parse($"""
                24 00 00 00  1e 00 00 00  01 00 00 00  34 12 00 00 // len 36, reply to seq 1
                0e 01 00 00              // IPVS_CMD_SET_INFO v1 (the reply to GET_INFO)
                08 00 01 00  01 02 01 00 // INFO_ATTR_VERSION 0x010201
                08 00 02 00  00 10 00 00 // CONN_TAB_SIZE 4096
                24 00 00 00  02 00 00 01  01 00 00 00  34 12 00 00 // ack (NLMSG_ERROR 0, CAPPED)
                {string.Format(Ack, "01")}
                """),
            Hex.Parse($"""
                2c 00 00 00  1e 00 00 00  02 00 00 00  34 12 00 00 // reply to seq 2
                0c 01 00 00              // IPVS_CMD_SET_CONFIG v1
                08 00 04 00  84 03 00 00 // TIMEOUT_TCP 900
                08 00 05 00  78 00 00 00 // TIMEOUT_TCP_FIN 120
                08 00 06 00  2c 01 00 00 // TIMEOUT_UDP 300
                24 00 00 00  02 00 00 01  02 00 00 00  34 12 00 00
                {string.Format(Ack, "02")}
                """),
            Hex.Parse("""
                4c 00 00 00  1e 00 02 00  03 00 00 00  34 12 00 00 // len 76, MULTI, seq 3
                09 01 00 00              // IPVS_CMD_NEW_DAEMON v1
                38 00 03 00              // DAEMON nest, 56 bytes
                08 00 01 00  02 00 00 00 // STATE BACKUP
                09 00 02 00  65 74 68 31 00 00 00 00 // MCAST_IFN "eth1"
                08 00 03 00  05 00 00 00 // SYNC_ID 5
                06 00 04 00  dc 05 00 00 // SYNC_MAXLEN 1500
                06 00 07 00  90 22 00 00 // MCAST_PORT 8848
                05 00 08 00  01 00 00 00 // MCAST_TTL 1
                14 00 00 00  03 00 02 00  03 00 00 00  34 12 00 00  00 00 00 00 // DONE
                """));
        using IpvsClient client = Client(transport);

        IpvsInfo info = client.GetInfo();
        IpvsTimeouts timeouts = client.GetTimeouts();
        IpvsDaemon daemon = Assert.Single(client.GetDaemons());

        Assert.Equal("1.2.1", info.VersionText);
        Assert.Equal(4096u, info.ConnectionTableSize);
        Assert.Equal(new IpvsTimeouts(900, 120, 300), timeouts);
        Assert.Equal(new IpvsDaemon(IpvsDaemonState.Backup, "eth1", 5) { MaxLength = 1500, MulticastPort = 8848, MulticastTtl = 1 }, daemon);
    }
}
