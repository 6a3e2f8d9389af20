using System.Net;
using System.Net.Sockets;

namespace LvsActors.Scheduling;

/// <summary>
/// An IPv4 or IPv6 address held in two integers, so that scheduling decisions never allocate
/// (the kernel's <c>union nf_inet_addr</c>).
/// </summary>
public readonly struct InetAddress : IEquatable<InetAddress>
{
    private readonly ulong _high;
    private readonly ulong _low;

    private InetAddress(ulong high, ulong low, bool isIPv6)
    {
        _high = high;
        _low = low;
        IsIPv6 = isIPv6;
    }

    /// <summary>True for an IPv6 address, false for IPv4.</summary>
    public bool IsIPv6 { get; }

    /// <summary>Creates an IPv4 address from its value in host byte order (192.0.2.1 is 0xC0000201).</summary>
    public static InetAddress FromIPv4(uint hostOrder) => new(0, hostOrder, false);

    /// <summary>Creates an IPv6 address from its two 64-bit halves in host byte order.</summary>
    public static InetAddress FromIPv6(ulong high, ulong low) => new(high, low, true);

    /// <summary>Converts a <see cref="IPAddress"/> (IPv4 or IPv6).</summary>
    public static InetAddress FromIPAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written))
            throw new ArgumentException($"Address {address} cannot be written as bytes.", nameof(address));
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => FromIPv4(System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes)),
            AddressFamily.InterNetworkV6 when written == 16 => FromIPv6(
                System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes),
                System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes[8..])),
            _ => throw new ArgumentException($"Address family {address.AddressFamily} is not IPv4 or IPv6.", nameof(address)),
        };
    }

    /// <summary>Parses a textual IPv4 (four decimal parts, no leading zeros) or IPv6 address; throws <see cref="FormatException"/> otherwise.</summary>
    public static InetAddress Parse(string text) =>
        FromIPAddress(Model.IPAddressText.Parse(text) ?? throw new FormatException($"\"{text}\" is not an IP address; accepted: {Model.IPAddressText.Accepted}"));

    /// <summary>
    /// The address folded to 32 bits in host order, as the hashing schedulers key it:
    /// <c>ntohl(addr->ip)</c> for IPv4, <c>ntohl(ip6[0] ^ ip6[1] ^ ip6[2] ^ ip6[3])</c> for IPv6
    /// (ip_vs_sh.c, ip_vs_dh.c, ip_vs_mh.c, ip_vs_lblc.c: <c>addr_fold</c>).
    /// </summary>
    public uint Fold() => IsIPv6
        ? (uint)(_high >> 32) ^ (uint)_high ^ (uint)(_low >> 32) ^ (uint)_low
        : (uint)_low;

    /// <summary>Converts back to an <see cref="IPAddress"/> (allocates).</summary>
    public IPAddress ToIPAddress()
    {
        if (!IsIPv6)
            return new IPAddress(new[] { (byte)(_low >> 24), (byte)(_low >> 16), (byte)(_low >> 8), (byte)_low });
        var bytes = new byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes, _high);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(8), _low);
        return new IPAddress(bytes);
    }

    public bool Equals(InetAddress other) => _high == other._high && _low == other._low && IsIPv6 == other.IsIPv6;

    public override bool Equals(object? obj) => obj is InetAddress other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_high, _low, IsIPv6);

    public override string ToString() => ToIPAddress().ToString();

    public static bool operator ==(InetAddress left, InetAddress right) => left.Equals(right);

    public static bool operator !=(InetAddress left, InetAddress right) => !left.Equals(right);
}
