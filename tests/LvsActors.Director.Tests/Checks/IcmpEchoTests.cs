using System.Buffers.Binary;
using LvsActors.Director.Checks;

namespace LvsActors.Director.Tests.Checks;

public sealed class IcmpEchoTests
{
    [Fact]
    public void The_checksum_is_rfc_1071s()
    {
        // RFC 1071 §3's example: the one's complement sum of these words is 0xddf2, so the checksum is 0x220d.
        Assert.Equal(0x220d, IcmpEcho.Checksum([0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7]));
    }

    [Fact]
    public void An_ipv4_request_checksums_to_zero_and_carries_identifier_and_sequence()
    {
        var request = IcmpEcho.Request(ipv6: false, identifier: 0x1234, sequence: 7);

        Assert.Equal(8, request[0]);
        Assert.Equal(0, IcmpEcho.Checksum(request));
        Assert.Equal(0x1234, BinaryPrimitives.ReadUInt16BigEndian(request.AsSpan(4)));
        Assert.Equal(7, BinaryPrimitives.ReadUInt16BigEndian(request.AsSpan(6)));
    }

    [Fact]
    public void Only_the_reply_with_our_identifier_and_sequence_matches()
    {
        var reply = IcmpEcho.Request(ipv6: true, identifier: 0x1234, sequence: 7);
        reply[0] = 129;
        byte[] withIpHeader = [0x45, .. new byte[19], .. IcmpEcho.Request(ipv6: false, 0x1234, 7)];
        withIpHeader[20] = 0;

        Assert.True(IcmpEcho.IsReply(reply, ipv6: true, withIpHeader: false, 0x1234, 7));
        Assert.False(IcmpEcho.IsReply(reply, ipv6: true, withIpHeader: false, 0x1234, 8));
        Assert.False(IcmpEcho.IsReply(reply, ipv6: true, withIpHeader: false, 0x4321, 7));
        Assert.False(IcmpEcho.IsReply(IcmpEcho.Request(ipv6: true, 0x1234, 7), ipv6: true, withIpHeader: false, 0x1234, 7));
        Assert.True(IcmpEcho.IsReply(withIpHeader, ipv6: false, withIpHeader: true, 0x1234, 7));
        Assert.False(IcmpEcho.IsReply(withIpHeader, ipv6: false, withIpHeader: false, 0x1234, 7));
    }
}
