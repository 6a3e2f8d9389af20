using System.Buffers.Binary;
using System.Net;
using System.Text;
using static LvsActors.Linux.Netlink.NetlinkConstants;

namespace LvsActors.Linux.Netlink;

/// <summary>One netlink message inside a received datagram: the nlmsghdr fields and the payload after it.</summary>
internal readonly ref struct NetlinkMessage
{
    public NetlinkMessage(ushort type, ushort flags, uint sequence, uint portId, ReadOnlySpan<byte> payload)
    {
        Type = type;
        Flags = flags;
        Sequence = sequence;
        PortId = portId;
        Payload = payload;
    }

    public ushort Type { get; }
    public ushort Flags { get; }
    public uint Sequence { get; }
    public uint PortId { get; }
    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>The attributes after a fixed header of <paramref name="headerLength"/> bytes (4 for genlmsghdr).</summary>
    public NetlinkAttributeEnumerator Attributes(int headerLength)
    {
        int start = NetlinkMessageWriter.Align(headerLength);
        if (Payload.Length < start)
        {
            throw NetlinkReader.Malformed($"message type {Type} shorter than its {headerLength}-byte header");
        }

        return new NetlinkAttributeEnumerator(Payload[start..]);
    }
}

/// <summary>Walks the messages in a datagram, checking every length against the bytes actually received.</summary>
internal ref struct NetlinkMessageEnumerator
{
    private readonly ReadOnlySpan<byte> _data;
    private int _offset;

    public NetlinkMessageEnumerator(ReadOnlySpan<byte> data)
    {
        _data = data;
        _offset = 0;
        Current = default;
    }

    public NetlinkMessage Current { get; private set; }

    public readonly NetlinkMessageEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        int remaining = _data.Length - _offset;
        if (remaining < NLMSG_HDRLEN)
        {
            return false;
        }

        ReadOnlySpan<byte> header = _data[_offset..];
        int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(header);
        if (length < NLMSG_HDRLEN || length > remaining)
        {
            throw NetlinkReader.Malformed($"nlmsg_len {length} with {remaining} bytes left in the datagram");
        }

        Current = new NetlinkMessage(
            BinaryPrimitives.ReadUInt16LittleEndian(header[4..]),
            BinaryPrimitives.ReadUInt16LittleEndian(header[6..]),
            BinaryPrimitives.ReadUInt32LittleEndian(header[8..]),
            BinaryPrimitives.ReadUInt32LittleEndian(header[12..]),
            header[NLMSG_HDRLEN..length]);
        _offset += Math.Min(NetlinkMessageWriter.Align(length), remaining);
        return true;
    }
}

/// <summary>One attribute: its type with the NLA_F_NESTED / NLA_F_NET_BYTEORDER bits masked off, and its payload.</summary>
internal readonly ref struct NetlinkAttribute
{
    public NetlinkAttribute(ushort type, ReadOnlySpan<byte> payload)
    {
        Type = type;
        Payload = payload;
    }

    public ushort Type { get; }
    public ReadOnlySpan<byte> Payload { get; }

    public byte U8 => Need(1)[0];
    public ushort U16 => BinaryPrimitives.ReadUInt16LittleEndian(Need(2));
    public ushort U16NetworkOrder => BinaryPrimitives.ReadUInt16BigEndian(Need(2));
    public uint U32 => BinaryPrimitives.ReadUInt32LittleEndian(Need(4));
    public uint U32NetworkOrder => BinaryPrimitives.ReadUInt32BigEndian(Need(4));
    public ulong U64 => BinaryPrimitives.ReadUInt64LittleEndian(Need(8));

    /// <summary>A string up to its first NUL (or the payload's end when there is none).</summary>
    public string String
    {
        get
        {
            int end = Payload.IndexOf((byte)0);
            return Encoding.ASCII.GetString(end < 0 ? Payload : Payload[..end]);
        }
    }

    public NetlinkAttributeEnumerator Nested => new(Payload);

    /// <summary>An address of <paramref name="family"/>: the first 4 bytes for AF_INET (the kernel sends 16), 16 for AF_INET6.</summary>
    public IPAddress Address(ushort family) => family switch
    {
        AF_INET => new IPAddress(Need(4)[..4]),
        AF_INET6 => new IPAddress(Need(16)[..16]),
        _ => throw NetlinkReader.Malformed($"address family {family} in attribute {Type}"),
    };

    private ReadOnlySpan<byte> Need(int size) => Payload.Length >= size
        ? Payload
        : throw NetlinkReader.Malformed($"attribute {Type} has {Payload.Length} bytes, needs {size}");
}

/// <summary>Walks attributes, checking each nla_len against the bytes left.</summary>
internal ref struct NetlinkAttributeEnumerator
{
    private readonly ReadOnlySpan<byte> _data;
    private int _offset;

    public NetlinkAttributeEnumerator(ReadOnlySpan<byte> data)
    {
        _data = data;
        _offset = 0;
        Current = default;
    }

    public NetlinkAttribute Current { get; private set; }

    public readonly NetlinkAttributeEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        int remaining = _data.Length - _offset;
        if (remaining < NLA_HDRLEN)
        {
            return false;
        }

        ReadOnlySpan<byte> span = _data[_offset..];
        int length = BinaryPrimitives.ReadUInt16LittleEndian(span);
        if (length < NLA_HDRLEN || length > remaining)
        {
            throw NetlinkReader.Malformed($"nla_len {length} with {remaining} bytes left");
        }

        ushort type = (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(span[2..]) & NLA_TYPE_MASK);
        Current = new NetlinkAttribute(type, span[NLA_HDRLEN..length]);
        _offset += Math.Min(NetlinkMessageWriter.Align(length), remaining);
        return true;
    }
}

/// <summary>Decodes control messages.</summary>
internal static class NetlinkReader
{
    /// <summary>
    /// Reads an NLMSG_ERROR (or an NLMSG_DONE carrying an error): int32 −errno, the request's nlmsghdr, the request's
    /// payload unless NLM_F_CAPPED, then extended-ack TLVs when NLM_F_ACK_TLVS. Returns the positive errno (0 = ack).
    /// </summary>
    public static int ReadError(NetlinkMessage message, out string? kernelMessage)
    {
        kernelMessage = null;
        if (message.Payload.Length < 4)
        {
            throw Malformed("NLMSG_ERROR shorter than its error code");
        }

        int errno = -BinaryPrimitives.ReadInt32LittleEndian(message.Payload);
        if ((message.Flags & NLM_F_ACK_TLVS) == 0)
        {
            return errno;
        }

        int tlvStart = 4;
        if (message.Type == NLMSG_ERROR)
        {
            tlvStart += NLMSG_HDRLEN;
            if ((message.Flags & NLM_F_CAPPED) == 0 && message.Payload.Length >= 4 + NLMSG_HDRLEN)
            {
                int echoedLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(message.Payload[4..]);
                tlvStart = 4 + NetlinkMessageWriter.Align(echoedLength);
            }
        }

        if (tlvStart > message.Payload.Length)
        {
            throw Malformed("NLMSG_ERROR extended-ack attributes start past the message");
        }

        try
        {
            foreach (NetlinkAttribute attribute in new NetlinkAttributeEnumerator(message.Payload[tlvStart..]))
            {
                if (attribute.Type == NLMSGERR_ATTR_MSG)
                {
                    kernelMessage = attribute.String;
                }
            }
        }
        catch (NetlinkException)
        {
            // Damaged extended-ack attributes must not hide the errno, which is what matters.
        }

        return errno;
    }

    public static NetlinkException Malformed(string what) =>
        new($"netlink: malformed reply from the kernel: {what}", errno: 0);
}
