using static LvsActors.Linux.Netlink.NetlinkConstants;

namespace LvsActors.Linux.Netlink;

/// <summary>Receives one data message of a reply (a dump entry or the answer to a get).</summary>
internal delegate void NetlinkReplyHandler(NetlinkMessage message);

/// <summary>The kernel's answer to one request of a batch: errno 0 is success.</summary>
internal readonly record struct NetlinkAck(int Errno, string? KernelMessage)
{
    public bool IsSuccess => Errno == 0;
}

/// <summary>
/// Request/reply over a transport: numbers requests, matches replies by sequence number and port id, follows
/// multipart dumps to NLMSG_DONE, and collects the acks of a batch. Replies with a sequence number we are not
/// waiting for (late answers to an earlier, abandoned request) are skipped.
/// </summary>
internal sealed class NetlinkChannel : IDisposable
{
    /// <summary>
    /// At most this many requests per send. Every error (and the closing ack) sits in our receive buffer until we
    /// read it, and each costs about 1 KiB of socket memory (skb truesize) against the default rmem of 208 KiB,
    /// doubled by the kernel; past that the kernel drops them and recv fails with ENOBUFS. 128 keeps well inside
    /// even when every request of a datagram fails.
    /// </summary>
    public const int MaxMessagesPerSend = 128;

    /// <summary>At most this many bytes per send: netlink_sendmsg refuses a datagram larger than the send buffer
    /// (208 KiB by default), and 64 KiB is already hundreds of IPVS requests.</summary>
    public const int MaxBytesPerSend = 64 * 1024;

    // ≥ 32 KiB: the kernel sizes dump batches up to 32 KiB (and grows them to the size of the buffers we pass to
    // recv), so a smaller buffer would truncate messages. 64 KiB leaves room.
    private const int ReceiveBufferSize = 64 * 1024;

    private readonly INetlinkTransport _transport;
    private readonly byte[] _receiveBuffer = new byte[ReceiveBufferSize];
    private uint _nextSequence;

    public NetlinkChannel(INetlinkTransport transport, uint firstSequence = 1)
    {
        _transport = transport;
        _nextSequence = firstSequence;
    }

    public uint PortId => _transport.PortId;

    /// <summary>Reserves <paramref name="count"/> consecutive sequence numbers and returns the first.</summary>
    public uint ReserveSequences(int count)
    {
        uint first = _nextSequence;
        _nextSequence += (uint)count;
        if (_nextSequence < first)
        {
            // Wrapped: restart at 1 so a batch's numbers stay consecutive and increasing.
            first = 1;
            _nextSequence = (uint)count + 1;
        }

        return first;
    }

    /// <summary>
    /// Sends a request that expects data back (a get with NLM_F_ACK, or a dump) and passes each data message to
    /// <paramref name="onMessage"/> until the ack or NLMSG_DONE. Returns the kernel's final answer; a non-zero errno
    /// is returned, not thrown, so the caller can word the error for its operation.
    /// </summary>
    public NetlinkAck Request(ReadOnlySpan<byte> request, uint sequence, NetlinkReplyHandler onMessage)
    {
        _transport.Send(request);
        while (true)
        {
            int received = _transport.Receive(_receiveBuffer);
            foreach (NetlinkMessage message in new NetlinkMessageEnumerator(_receiveBuffer.AsSpan(0, received)))
            {
                if (!IsOurs(message) || message.Sequence != sequence)
                {
                    continue;
                }

                switch (message.Type)
                {
                    case NLMSG_ERROR:
                    case NLMSG_DONE:
                        return FinalAnswer(message);
                    case NLMSG_NOOP:
                        break;
                    case NLMSG_OVERRUN:
                        throw new NetlinkException("netlink: the kernel reports a dump overrun (data lost)", ENOBUFS);
                    default:
                        onMessage(message);
                        break;
                }
            }
        }
    }

    /// <summary>
    /// Sends <paramref name="count"/> requests already written back to back (sequence numbers
    /// <paramref name="firstSequence"/> onward) in one datagram, the last with NLM_F_ACK, and reads the answers until
    /// the last one's ack. The kernel processes every request even when some fail, and answers a request without
    /// NLM_F_ACK only when it fails, in order: a request with no answer by then succeeded.
    /// </summary>
    public NetlinkAck[] Execute(ReadOnlySpan<byte> requests, uint firstSequence, int count)
    {
        var acks = new NetlinkAck[count];
        var answered = new bool[count];
        _transport.Send(requests);
        while (!answered[count - 1])
        {
            int received = _transport.Receive(_receiveBuffer);
            foreach (NetlinkMessage message in new NetlinkMessageEnumerator(_receiveBuffer.AsSpan(0, received)))
            {
                long index = (long)message.Sequence - firstSequence;
                if (!IsOurs(message) || index < 0 || index >= count || message.Type != NLMSG_ERROR || answered[index])
                {
                    continue;
                }

                acks[index] = FinalAnswer(message);
                answered[index] = true;
            }
        }

        return acks;
    }

    public void Dispose() => _transport.Dispose();

    // The kernel addresses acks, replies and dump parts to the port id that sent the request: ours.
    private bool IsOurs(NetlinkMessage message) => message.PortId == _transport.PortId;

    private static NetlinkAck FinalAnswer(NetlinkMessage message)
    {
        if (message.Type == NLMSG_DONE && message.Payload.Length < 4)
        {
            return new NetlinkAck(0, null); // Old kernels send DONE without the int.
        }

        int errno = NetlinkReader.ReadError(message, out string? kernelMessage);
        return new NetlinkAck(Math.Max(errno, 0), errno > 0 ? kernelMessage : null);
    }
}
