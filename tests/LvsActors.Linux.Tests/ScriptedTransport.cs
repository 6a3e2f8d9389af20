using System.Buffers.Binary;
using LvsActors.Linux.Netlink;

namespace LvsActors.Linux.Tests;

/// <summary>
/// Stands in for the kernel: records what is sent and answers with scripted datagrams, or, in auto-ack mode, as
/// netlink_rcv_skb does: an answer for each sent message that asks for an ack (NLM_F_ACK) or fails (errno chosen
/// per sequence number). Runs out of script → a receive timeout, as SO_RCVTIMEO would.
/// </summary>
internal sealed class ScriptedTransport : INetlinkTransport
{
    private readonly Queue<byte[]> _replies = new();
    private readonly Func<uint, int>? _autoAckErrno;

    public ScriptedTransport(uint portId = 0x1234, Func<uint, int>? autoAckErrno = null)
    {
        PortId = portId;
        _autoAckErrno = autoAckErrno;
    }

    public uint PortId { get; }

    public List<byte[]> Sent { get; } = [];

    public void Reply(params byte[][] datagrams)
    {
        foreach (byte[] d in datagrams)
        {
            _replies.Enqueue(d);
        }
    }

    public void Send(ReadOnlySpan<byte> datagram)
    {
        Sent.Add(datagram.ToArray());
        if (_autoAckErrno is null)
        {
            return;
        }

        // One datagram holding every ack, each capped (errno, echoed header), as the kernel queues them.
        var acks = new List<byte>();
        int offset = 0;
        while (offset < datagram.Length)
        {
            int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(datagram[offset..]);
            uint seq = BinaryPrimitives.ReadUInt32LittleEndian(datagram[(offset + 8)..]);
            ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(datagram[(offset + 6)..]);
            int errno = _autoAckErrno(seq);
            if ((flags & NetlinkConstants.NLM_F_ACK) == 0 && errno == 0)
            {
                offset += (length + 3) & ~3;
                continue;
            }

            var ack = new byte[36];
            BinaryPrimitives.WriteUInt32LittleEndian(ack, 36);
            BinaryPrimitives.WriteUInt16LittleEndian(ack.AsSpan(4), NetlinkConstants.NLMSG_ERROR);
            BinaryPrimitives.WriteUInt16LittleEndian(ack.AsSpan(6), NetlinkConstants.NLM_F_CAPPED);
            BinaryPrimitives.WriteUInt32LittleEndian(ack.AsSpan(8), seq);
            BinaryPrimitives.WriteUInt32LittleEndian(ack.AsSpan(12), PortId);
            BinaryPrimitives.WriteInt32LittleEndian(ack.AsSpan(16), -errno);
            datagram.Slice(offset, 16).CopyTo(ack.AsSpan(20));
            acks.AddRange(ack);
            offset += (length + 3) & ~3;
        }

        _replies.Enqueue(acks.ToArray());
    }

    public int Receive(Span<byte> buffer)
    {
        if (!_replies.TryDequeue(out byte[]? reply))
        {
            throw new NetlinkSocketException("recv", NetlinkConstants.EAGAIN);
        }

        reply.CopyTo(buffer);
        return reply.Length;
    }

    public void Dispose()
    {
    }
}
