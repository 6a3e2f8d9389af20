using System.Net;
using System.Net.Sockets;
using LvsActors.Linux.Interop;

namespace LvsActors.Linux.Announce;

/// <summary>
/// Sends gratuitous ARP for an IPv4 VIP, as keepalived does after taking it: an ARP request from the VIP for the VIP,
/// broadcast, so that every host and switch on the segment moves the VIP to our Ethernet address at once.
/// </summary>
public sealed class GarpSender : IDisposable
{
    private const ushort EtherTypeArp = 0x0806;
    private static readonly byte[] Broadcast = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
    private readonly SocketHandle _socket = PacketSyscalls.Open();

    /// <summary>Sends <paramref name="count"/> announcements of <paramref name="vip"/> out of <paramref name="interfaceName"/>.</summary>
    public void Send(string interfaceName, IPAddress vip, int count)
    {
        var link = LinkInfo.Read(interfaceName);
        var frame = BuildFrame(link.HardwareAddress, vip);
        for (var i = 0; i < count; i++)
        {
            PacketSyscalls.Send(_socket, link.Index, EtherTypeArp, Broadcast, frame);
        }
    }

    /// <summary>Closes the packet socket.</summary>
    public void Dispose() => _socket.Dispose();

    /// <summary>The 42-byte frame: Ethernet header, then the ARP request (RFC 826) with sender and target IP both the VIP.</summary>
    internal static byte[] BuildFrame(ReadOnlySpan<byte> mac, IPAddress vip)
    {
        if (vip.AddressFamily != AddressFamily.InterNetwork || mac.Length != 6)
        {
            throw new ArgumentException("gratuitous ARP needs an IPv4 address and a 6-byte Ethernet address");
        }
        var frame = new byte[42];
        var f = frame.AsSpan();
        Broadcast.CopyTo(f);                       // destination
        mac.CopyTo(f[6..]);                        // source
        f[12] = 0x08; f[13] = 0x06;                // EtherType ARP
        f[14] = 0x00; f[15] = 0x01;                // hardware type Ethernet
        f[16] = 0x08; f[17] = 0x00;                // protocol IPv4
        f[18] = 6; f[19] = 4;                      // address lengths
        f[20] = 0x00; f[21] = 0x01;                // operation: request (what keepalived and arping -U send)
        mac.CopyTo(f[22..]);                       // sender hardware address
        vip.GetAddressBytes().CopyTo(f[28..]);     // sender IP: the VIP
        // target hardware address stays zero: RFC 5227 §2.3 says it is ignored and should be zero
        vip.GetAddressBytes().CopyTo(f[38..]);     // target IP: the VIP again, which makes it gratuitous
        return frame;
    }
}
