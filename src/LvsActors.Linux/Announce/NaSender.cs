using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using LvsActors.Linux.Interop;

namespace LvsActors.Linux.Announce;

/// <summary>
/// Sends unsolicited neighbour advertisements for an IPv6 VIP (RFC 4861 §7.2.6), the IPv6 counterpart of gratuitous
/// ARP: to all nodes (ff02::1), Override set, with our link-layer address, so that neighbours update their caches.
/// </summary>
public sealed class NaSender : IDisposable
{
    private const ushort EtherTypeIpv6 = 0x86dd;
    private static readonly byte[] AllNodesMac = [0x33, 0x33, 0x00, 0x00, 0x00, 0x01];
    private static readonly IPAddress AllNodes = IPAddress.Parse("ff02::1");
    private readonly SocketHandle _socket = PacketSyscalls.Open();

    /// <summary>Sends <paramref name="count"/> advertisements of <paramref name="vip"/> out of <paramref name="interfaceName"/>.</summary>
    public void Send(string interfaceName, IPAddress vip, int count)
    {
        var link = LinkInfo.Read(interfaceName);
        var frame = BuildFrame(link.HardwareAddress, vip);
        for (var i = 0; i < count; i++)
        {
            PacketSyscalls.Send(_socket, link.Index, EtherTypeIpv6, AllNodesMac, frame);
        }
    }

    /// <summary>Closes the packet socket.</summary>
    public void Dispose() => _socket.Dispose();

    /// <summary>The 86-byte frame: Ethernet, IPv6 (hop limit 255, as receivers require), ICMPv6 type 136 with the
    /// target link-layer address option, and the ICMPv6 checksum over the IPv6 pseudo-header.</summary>
    internal static byte[] BuildFrame(ReadOnlySpan<byte> mac, IPAddress vip)
    {
        if (vip.AddressFamily != AddressFamily.InterNetworkV6 || mac.Length != 6)
        {
            throw new ArgumentException("a neighbour advertisement needs an IPv6 address and a 6-byte Ethernet address");
        }
        const int icmpLength = 32; // 4 header + 4 flags + 16 target + 8 option
        var frame = new byte[14 + 40 + icmpLength];
        var f = frame.AsSpan();
        AllNodesMac.CopyTo(f);
        mac.CopyTo(f[6..]);
        BinaryPrimitives.WriteUInt16BigEndian(f[12..], EtherTypeIpv6);

        var ip = f[14..];
        ip[0] = 0x60;                                            // version 6, traffic class and flow label 0
        BinaryPrimitives.WriteUInt16BigEndian(ip[4..], icmpLength);
        ip[6] = 58;                                              // next header ICMPv6
        ip[7] = 255;                                             // hop limit: anything else is dropped (RFC 4861 §7.1.2)
        vip.GetAddressBytes().CopyTo(ip[8..]);                   // source: the VIP itself
        AllNodes.GetAddressBytes().CopyTo(ip[24..]);

        var icmp = ip[40..];
        icmp[0] = 136;                                           // neighbour advertisement, code 0
        icmp[4] = 0x20;                                          // flags: Override; not Solicited, not Router
        vip.GetAddressBytes().CopyTo(icmp[8..]);                 // target address
        icmp[24] = 2;                                            // option: target link-layer address
        icmp[25] = 1;                                            // length in units of 8 bytes
        mac.CopyTo(icmp[26..]);
        BinaryPrimitives.WriteUInt16BigEndian(icmp[2..], Checksum(ip[8..24], ip[24..40], icmp[..icmpLength]));
        return frame;
    }

    /// <summary>The Internet checksum (RFC 1071) of the IPv6 pseudo-header (RFC 8200 §8.1) and the ICMPv6 message.</summary>
    internal static ushort Checksum(ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, ReadOnlySpan<byte> message)
    {
        uint sum = 0;
        Add(source);
        Add(destination);
        sum += (uint)message.Length;                             // upper-layer length (fits in 16 bits here)
        sum += 58;                                               // next header
        Add(message);
        while (sum >> 16 != 0)
        {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (ushort)~sum;

        void Add(ReadOnlySpan<byte> bytes)
        {
            for (var i = 0; i < bytes.Length; i += 2)
            {
                sum += (uint)(bytes[i] << 8 | (i + 1 < bytes.Length ? bytes[i + 1] : 0));
            }
        }
    }
}
