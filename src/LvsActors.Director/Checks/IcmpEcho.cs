using System.Buffers.Binary;

namespace LvsActors.Director.Checks;

/// <summary>ICMP and ICMPv6 echo messages: the request a ping checker sends and the test that a reply answers it.</summary>
internal static class IcmpEcho
{
    private const byte EchoRequestV4 = 8;
    private const byte EchoReplyV4 = 0;
    private const byte EchoRequestV6 = 128;
    private const byte EchoReplyV6 = 129;

    /// <summary>The payload after the 8-byte header, ping(8)'s default size.</summary>
    private const int PayloadLength = 56;

    /// <summary>
    /// An echo request. For ICMPv4 the checksum is computed here (a raw socket sends it as is; a datagram socket
    /// recomputes it); for ICMPv6 the kernel always computes it, since it covers the IPv6 pseudo-header.
    /// </summary>
    public static byte[] Request(bool ipv6, ushort identifier, ushort sequence)
    {
        var message = new byte[8 + PayloadLength];
        message[0] = ipv6 ? EchoRequestV6 : EchoRequestV4;
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(4), identifier);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(6), sequence);
        for (var i = 8; i < message.Length; i++)
        {
            message[i] = (byte)i;
        }
        if (!ipv6)
        {
            BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(2), Checksum(message));
        }
        return message;
    }

    /// <summary>
    /// True when <paramref name="received"/> is the echo reply with this identifier and sequence. A raw IPv4 socket
    /// delivers the IP header first; datagram sockets and raw IPv6 sockets deliver the ICMP message alone.
    /// </summary>
    public static bool IsReply(ReadOnlySpan<byte> received, bool ipv6, bool withIpHeader, ushort identifier, ushort sequence)
    {
        if (withIpHeader)
        {
            if (received.IsEmpty || received[0] >> 4 != 4)
            {
                return false;
            }
            var headerLength = (received[0] & 0x0F) * 4;
            if (received.Length < headerLength)
            {
                return false;
            }
            received = received[headerLength..];
        }
        return received.Length >= 8
            && received[0] == (ipv6 ? EchoReplyV6 : EchoReplyV4)
            && received[1] == 0
            && BinaryPrimitives.ReadUInt16BigEndian(received[4..]) == identifier
            && BinaryPrimitives.ReadUInt16BigEndian(received[6..]) == sequence;
    }

    /// <summary>The Internet checksum (RFC 1071) of a message whose checksum field is zero.</summary>
    internal static ushort Checksum(ReadOnlySpan<byte> message)
    {
        uint sum = 0;
        for (var i = 0; i + 1 < message.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(message[i..]);
        }
        if (message.Length % 2 == 1)
        {
            sum += (uint)message[^1] << 8;
        }
        while (sum >> 16 != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return (ushort)~sum;
    }
}
