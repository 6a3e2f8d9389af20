using System.Net;
using LvsActors.Linux.Ipvs;
using static LvsActors.Linux.Tests.Golden;

namespace LvsActors.Linux.Tests;

/// <summary>Sync daemon, timeout, info, zero and flush requests byte for byte (libipvs ipvs_start_daemon et al.).</summary>
public class IpvsDaemonAndConfigMessageTests
{
    [Fact]
    public void NewDaemon_master_with_every_option()
    {
        var daemon = new IpvsDaemon(IpvsDaemonState.Master, "eth0", 9)
        {
            MaxLength = 1500,
            MulticastPort = 8848,
            MulticastTtl = 2,
            MulticastGroup = IPAddress.Parse("239.1.2.3"),
        };

        byte[] actual = Build(w => IpvsMessages.NewDaemon(w, 1, IpvsFamily, daemon));

        Hex.Equal("""
            54 00 00 00  1e 00 05 00  01 00 00 00  00 00 00 00 // len 84, REQUEST|ACK, seq 1
            09 01 00 00              // IPVS_CMD_NEW_DAEMON v1
            40 00 03 80              // IPVS_CMD_ATTR_DAEMON | NLA_F_NESTED, 64 bytes
            08 00 01 00  01 00 00 00 // STATE 1 MASTER
            09 00 02 00  65 74 68 30 00 00 00 00 // MCAST_IFN "eth0\0" + 3 pad
            08 00 03 00  09 00 00 00 // SYNC_ID 9
            06 00 04 00  dc 05 00 00 // SYNC_MAXLEN 1500 (u16 host order)
            06 00 07 00  90 22 00 00 // MCAST_PORT 8848 in HOST order (0x2290), unlike service ports
            05 00 08 00  02 00 00 00 // MCAST_TTL 2
            08 00 05 00  ef 01 02 03 // MCAST_GROUP 239.1.2.3 (network order)
            """, actual);
    }

    [Fact]
    public void NewDaemon_backup_leaves_defaults_out_and_sends_an_ipv6_group()
    {
        var daemon = new IpvsDaemon(IpvsDaemonState.Backup, "eth1") { MulticastGroup = IPAddress.Parse("ff02::1:81") };

        byte[] actual = Build(w => IpvsMessages.NewDaemon(w, 2, IpvsFamily, daemon));

        Hex.Equal("""
            48 00 00 00  1e 00 05 00  02 00 00 00  00 00 00 00 // len 72, seq 2
            09 01 00 00              // NEW_DAEMON v1
            34 00 03 80              // DAEMON nest, 52 bytes
            08 00 01 00  02 00 00 00 // STATE 2 BACKUP
            09 00 02 00  65 74 68 31 00 00 00 00 // MCAST_IFN "eth1\0"
            08 00 03 00  00 00 00 00 // SYNC_ID 0
            14 00 06 00  ff 02 00 00 00 00 00 00 00 00 00 00 00 01 00 81 // MCAST_GROUP6 ff02::1:81
            """, actual);
    }

    [Fact]
    public void DelDaemon_sends_the_state_the_kernel_reads()
    {
        byte[] actual = Build(w => IpvsMessages.DelDaemon(w, 3, IpvsFamily, IpvsDaemonState.Master));

        Hex.Equal("""
            20 00 00 00  1e 00 05 00  03 00 00 00  00 00 00 00 // len 32, seq 3
            0a 01 00 00              // IPVS_CMD_DEL_DAEMON v1
            0c 00 03 80              // DAEMON nest, 12 bytes
            08 00 01 00  01 00 00 00 // STATE 1 MASTER
            """, actual);
    }

    [Fact]
    public void SetConfig_sends_all_three_timeouts()
    {
        byte[] actual = Build(w => IpvsMessages.SetConfig(w, 4, IpvsFamily, new IpvsTimeouts(900, 120, 300)));

        Hex.Equal("""
            2c 00 00 00  1e 00 05 00  04 00 00 00  00 00 00 00 // len 44, seq 4
            0c 01 00 00              // IPVS_CMD_SET_CONFIG v1
            08 00 04 00  84 03 00 00 // TIMEOUT_TCP 900
            08 00 05 00  78 00 00 00 // TIMEOUT_TCP_FIN 120
            08 00 06 00  2c 01 00 00 // TIMEOUT_UDP 300
            """, actual);
    }

    [Theory]
    [InlineData(13, 0x05, "get-config")]  // IPVS_CMD_GET_CONFIG, REQUEST|ACK
    [InlineData(15, 0x05, "get-info")]    // IPVS_CMD_GET_INFO
    [InlineData(11, 0x305, "dump-daemons")] // IPVS_CMD_GET_DAEMON, REQUEST|ACK|DUMP
    [InlineData(16, 0x05, "zero-all")]    // IPVS_CMD_ZERO without a service: every counter
    [InlineData(17, 0x05, "flush")]       // IPVS_CMD_FLUSH
    public void Commands_without_attributes_are_bare_headers(int command, int flags, string which)
    {
        byte[] actual = Build(w =>
        {
            switch (which)
            {
                case "get-config": IpvsMessages.GetConfig(w, 5, IpvsFamily); break;
                case "get-info": IpvsMessages.GetInfo(w, 5, IpvsFamily); break;
                case "dump-daemons": IpvsMessages.DumpDaemons(w, 5, IpvsFamily); break;
                case "zero-all": IpvsMessages.Zero(w, 5, IpvsFamily, null); break;
                case "flush": IpvsMessages.Flush(w, 5, IpvsFamily); break;
            }
        });

        Hex.Equal($"""
            14 00 00 00              // len 20
            1e 00                    // family
            {flags & 0xff:x2} {flags >> 8:x2} // flags
            05 00 00 00  00 00 00 00 // seq 5, pid 0
            {command:x2} 01 00 00    // command, version 1
            """, actual);
    }

    [Fact]
    public void Zero_of_one_service_carries_its_key()
    {
        var key = IpvsServiceKey.ForFirewallMark(0x10, System.Net.Sockets.AddressFamily.InterNetworkV6);

        byte[] actual = Build(w => IpvsMessages.Zero(w, 6, IpvsFamily, key));

        Hex.Equal("""
            28 00 00 00  1e 00 05 00  06 00 00 00  00 00 00 00 // len 40, seq 6
            10 01 00 00              // IPVS_CMD_ZERO v1
            14 00 01 80              // SERVICE nest, 20 bytes
            06 00 01 00  0a 00 00 00 // AF 10
            08 00 05 00  10 00 00 00 // FWMARK 16
            """, actual);
    }
}
