using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using LvsActors.Scheduling;

namespace LvsActors.Director.DataPlanes.Userspace;

/// <summary>
/// A client's address and port as raw integers, read from an accepted socket or a received datagram without
/// allocating, so that persistence can mask it and schedulers can hash it.
/// </summary>
internal readonly record struct ClientEndpoint(ulong High, ulong Low, bool IsIPv6, ushort Port)
{
    public InetAddress Address => IsIPv6 ? InetAddress.FromIPv6(High, Low) : InetAddress.FromIPv4((uint)Low);

    public static ClientEndpoint FromEndPoint(EndPoint? endPoint)
    {
        if (endPoint is not IPEndPoint ip)
            throw new InvalidOperationException($"The client's address is not an IP endpoint: {endPoint}.");
        Span<byte> bytes = stackalloc byte[16];
        ip.Address.TryWriteBytes(bytes, out var written);
        return written == 4
            ? new ClientEndpoint(0, BinaryPrimitives.ReadUInt32BigEndian(bytes), false, (ushort)ip.Port)
            : new ClientEndpoint(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]), true, (ushort)ip.Port);
    }

    /// <summary>Reads a native <c>sockaddr_in</c> / <c>sockaddr_in6</c>: port at byte 2, the IPv4 address at 4, the IPv6 at 8.</summary>
    public static ClientEndpoint FromSocketAddress(SocketAddress address) =>
        FromSockaddr(address.Buffer.Span, address.Family == AddressFamily.InterNetworkV6);

    /// <summary>Reads the sockaddr the TCP relay engine accepted a client from (a sockaddr_in6 is 28 bytes, a sockaddr_in 16).</summary>
    public static ClientEndpoint FromSockaddr(ReadOnlySpan<byte> bytes) => FromSockaddr(bytes, bytes.Length >= 28);

    private static ClientEndpoint FromSockaddr(ReadOnlySpan<byte> bytes, bool v6)
    {
        var port = BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]);
        return v6
            ? new ClientEndpoint(BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]), BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]), true, port)
            : new ClientEndpoint(0, BinaryPrimitives.ReadUInt32BigEndian(bytes[4..]), false, port);
    }
}

/// <summary>
/// Groups clients into networks for persistence (ipvsadm -M netmask for IPv4, a prefix length for IPv6), as the
/// kernel's <c>ip_vs_sched_persist</c> masks <c>snet</c> before looking up a template.
/// </summary>
internal readonly record struct PersistenceMask(ulong High, ulong Low)
{
    public static PersistenceMask For(Model.Persistence persistence, AddressFamily family)
    {
        if (family == AddressFamily.InterNetworkV6)
        {
            var prefix = Math.Clamp(persistence.Ipv6PrefixLength, 0, 128);
            var high = prefix == 0 ? 0UL : ulong.MaxValue << (64 - Math.Min(prefix, 64));
            var low = prefix <= 64 ? 0UL : ulong.MaxValue << (128 - prefix);
            return new PersistenceMask(high, low);
        }
        Span<byte> bytes = stackalloc byte[16];
        persistence.Ipv4Netmask.TryWriteBytes(bytes, out _);
        return new PersistenceMask(0, BinaryPrimitives.ReadUInt32BigEndian(bytes));
    }

    public InetAddress Network(in ClientEndpoint client) => client.IsIPv6
        ? InetAddress.FromIPv6(client.High & High, client.Low & Low)
        : InetAddress.FromIPv4((uint)(client.Low & Low));
}
