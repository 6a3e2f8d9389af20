using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace LvsActors.Director.Tests.Checks.Servers;

/// <summary>
/// A DNS responder on 127.0.0.1 UDP that builds its replies by hand: the query's id and question, the chosen RCODE,
/// and that many A records (127.0.0.1) for the question's name. It can first send a decoy reply with a wrong id.
/// </summary>
internal sealed class DnsTestServer : IAsyncDisposable
{
    private readonly UdpClient _udp = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly int _rcode;
    private readonly int _answers;
    private readonly bool _decoyFirst;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;

    public DnsTestServer(int rcode, int answers, bool decoyFirst = false)
    {
        _rcode = rcode;
        _answers = answers;
        _decoyFirst = decoyFirst;
        _serving = ServeAsync();
    }

    public int Port => ((IPEndPoint)_udp.Client.LocalEndPoint!).Port;
    public ConcurrentQueue<byte[]> Queries { get; } = new();

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            UdpReceiveResult received;
            try
            {
                received = await _udp.ReceiveAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            Queries.Enqueue(received.Buffer);
            if (_decoyFirst)
            {
                var decoy = Reply(received.Buffer);
                BinaryPrimitives.WriteUInt16BigEndian(decoy, (ushort)(BinaryPrimitives.ReadUInt16BigEndian(decoy) ^ 0x5555));
                decoy[3] = (byte)((decoy[3] & 0xF0) | 3); // a NXDOMAIN under the wrong id must be ignored
                await _udp.SendAsync(decoy, received.RemoteEndPoint);
            }
            await _udp.SendAsync(Reply(received.Buffer), received.RemoteEndPoint);
        }
    }

    private byte[] Reply(byte[] query)
    {
        var reply = new List<byte>(query);
        reply[2] = (byte)(0x80 | (query[2] & 0x01));   // QR, RD copied
        reply[3] = (byte)(0x80 | _rcode);               // RA, RCODE
        reply[6] = 0;
        reply[7] = (byte)_answers;                      // ANCOUNT
        for (var i = 0; i < _answers; i++)
        {
            reply.AddRange([0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 127, 0, 0, 1]);
        }
        return [.. reply];
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _udp.Dispose();
        await _serving;
        _stop.Dispose();
    }
}
