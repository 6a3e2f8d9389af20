using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Text;
using static LvsActors.Linux.Netlink.NetlinkConstants;

namespace LvsActors.Linux.Netlink;

/// <summary>
/// Builds netlink messages back to back into one pooled buffer: nlmsghdr, an optional family header, then attributes
/// padded to 4 bytes. Several messages in the buffer go to the kernel in a single send, which processes them in order.
/// Integers are host order (little-endian on every platform we run on) unless a method says network order.
/// </summary>
internal sealed class NetlinkMessageWriter : IDisposable
{
    private byte[] _buffer;
    private int _length;
    private int _messageStart = -1;

    public NetlinkMessageWriter(int initialCapacity = 4096) => _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);

    /// <summary>The bytes of every finished message so far.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    public int Length => _length;

    /// <summary>Forgets the written messages and keeps the buffer for the next batch.</summary>
    public void Clear()
    {
        _length = 0;
        _messageStart = -1;
    }

    /// <summary>Starts a message; its length is filled in by <see cref="EndMessage"/>. Port id 0 addresses the kernel.</summary>
    public void BeginMessage(ushort type, ushort flags, uint sequence, uint portId = 0)
    {
        if (_messageStart >= 0)
        {
            throw new InvalidOperationException("EndMessage was not called for the previous message.");
        }

        _messageStart = _length;
        Span<byte> header = Reserve(NLMSG_HDRLEN);
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], type);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], flags);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], portId);
    }

    /// <summary>Clears <paramref name="flags"/> in the header of the finished message that starts at <paramref name="messageStart"/>.</summary>
    public void RemoveFlags(int messageStart, ushort flags)
    {
        Span<byte> field = _buffer.AsSpan(messageStart + 6, 2);
        BinaryPrimitives.WriteUInt16LittleEndian(field, (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(field) & ~flags));
    }

    /// <summary>Writes the 4-byte genlmsghdr: command, version, two reserved zero bytes.</summary>
    public void WriteGenericHeader(byte command, byte version)
    {
        Span<byte> header = Reserve(GENL_HDRLEN);
        header[0] = command;
        header[1] = version;
        header[2] = 0;
        header[3] = 0;
    }

    /// <summary>Writes a fixed family header (ifaddrmsg, ifinfomsg), zero-padded to 4 bytes.</summary>
    public void WriteFamilyHeader(ReadOnlySpan<byte> header)
    {
        header.CopyTo(Reserve(Align(header.Length)));
    }

    /// <summary>Finishes the current message by writing its total length (headers, attributes and their padding).</summary>
    public void EndMessage()
    {
        if (_messageStart < 0)
        {
            throw new InvalidOperationException("BeginMessage was not called.");
        }

        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(_messageStart), (uint)(_length - _messageStart));
        _messageStart = -1;
    }

    /// <summary>Writes an attribute: nla_len counts the 4-byte header and the payload but not the padding after it.</summary>
    public void PutAttribute(ushort type, ReadOnlySpan<byte> payload)
    {
        int attributeLength = NLA_HDRLEN + payload.Length;
        if (attributeLength > ushort.MaxValue)
        {
            throw new ArgumentException($"Attribute {type} is {payload.Length} bytes; nla_len is 16 bits.", nameof(payload));
        }

        Span<byte> span = Reserve(Align(attributeLength));
        BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)attributeLength);
        BinaryPrimitives.WriteUInt16LittleEndian(span[2..], type);
        payload.CopyTo(span[NLA_HDRLEN..]);
    }

    public void PutU8(ushort type, byte value) => PutAttribute(type, [value]);

    public void PutU16(ushort type, ushort value)
    {
        Span<byte> v = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(v, value);
        PutAttribute(type, v);
    }

    /// <summary>A 16-bit value in network byte order (ports, tunnel ports).</summary>
    public void PutU16NetworkOrder(ushort type, ushort value)
    {
        Span<byte> v = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(v, value);
        PutAttribute(type, v);
    }

    public void PutU32(ushort type, uint value)
    {
        Span<byte> v = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(v, value);
        PutAttribute(type, v);
    }

    /// <summary>A NUL-terminated ASCII string (NLA_NUL_STRING / NLA_STRING in the kernel's policies).</summary>
    public void PutString(ushort type, string value)
    {
        Span<byte> v = stackalloc byte[value.Length + 1];
        Encoding.ASCII.GetBytes(value, v);
        v[^1] = 0;
        PutAttribute(type, v);
    }

    /// <summary>An address in network order: 4 bytes for IPv4, 16 for IPv6; <paramref name="width"/> 16 zero-pads IPv4
    /// the way union nf_inet_addr is laid out.</summary>
    public void PutAddress(ushort type, IPAddress address, int width = 0)
    {
        Span<byte> v = stackalloc byte[16];
        v.Clear();
        address.TryWriteBytes(v, out int written);
        PutAttribute(type, v[..Math.Max(written, width)]);
    }

    /// <summary>Starts a nested attribute and returns its offset for <see cref="EndNested"/>. Sets NLA_F_NESTED as libnl does.</summary>
    public int BeginNested(ushort type)
    {
        int start = _length;
        Span<byte> span = Reserve(NLA_HDRLEN);
        BinaryPrimitives.WriteUInt16LittleEndian(span, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(span[2..], (ushort)(type | NLA_F_NESTED));
        return start;
    }

    /// <summary>Closes a nested attribute: its length covers the children including their padding.</summary>
    public void EndNested(int start) =>
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(start), checked((ushort)(_length - start)));

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    /// <summary>Rounds up to the 4-byte alignment of NLMSG_ALIGN and NLA_ALIGN.</summary>
    public static int Align(int length) => (length + NLA_ALIGNTO - 1) & ~(NLA_ALIGNTO - 1);

    private Span<byte> Reserve(int count)
    {
        if (_length + count > _buffer.Length)
        {
            byte[] bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + count));
            _buffer.AsSpan(0, _length).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }

        Span<byte> span = _buffer.AsSpan(_length, count);
        span.Clear();
        _length += count;
        return span;
    }
}
