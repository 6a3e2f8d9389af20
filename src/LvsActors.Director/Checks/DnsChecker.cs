using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using LvsActors.Model;

namespace LvsActors.Director.Checks;

/// <summary>
/// DNS_CHECK: one UDP query (recursion desired, class IN) of the configured type and name, with a random id. The
/// server is up when a response with the same id arrives whose RCODE is NOERROR and which carries at least one
/// answer record. keepalived's check_dns.c stops at NOERROR; we also require an answer, because a server that has
/// lost its zone data answers NOERROR with nothing in it (NODATA) and should not get traffic. Datagrams that are too
/// short, carry another id or are not responses are ignored and the wait goes on.
/// </summary>
public sealed class DnsChecker : IHealthChecker
{
    private const int HeaderLength = 12;

    /// <summary>Header-only reading needs little; keepalived reads at most 768 bytes.</summary>
    private const int ReceiveSize = 768;

    private static readonly string[] RcodeNames = ["NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED"];

    private readonly CheckEndpoints _endpoints;
    private readonly DnsCheckSpec _spec;
    private readonly byte[] _query;

    /// <summary>Queries the DNS server at <paramref name="endpoints"/>' destination.</summary>
    public DnsChecker(DnsCheckSpec spec, CheckEndpoints endpoints)
    {
        _spec = spec;
        _endpoints = endpoints;
        _query = BuildQuery(spec.Name, (ushort)spec.Type);
    }

    /// <inheritdoc />
    public async Task<CheckResult> CheckAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = Deadline.Start(timeout, cancellationToken);
        var question = $"{_spec.Type.ToString().ToUpperInvariant()} {_spec.Name}";
        try
        {
            using var socket = _endpoints.OpenSocket(SocketType.Dgram, ProtocolType.Udp);
            // Connected, so that an ICMP port unreachable surfaces as "refused" on the next receive.
            await socket.ConnectAsync(_endpoints.Destination, deadline.Token).ConfigureAwait(false);
            var query = (byte[])_query.Clone();
            var id = (ushort)Random.Shared.Next(ushort.MaxValue + 1);
            BinaryPrimitives.WriteUInt16BigEndian(query, id);
            await socket.SendAsync(query, SocketFlags.None, deadline.Token).ConfigureAwait(false);
            var reply = new byte[ReceiveSize];
            while (true)
            {
                var length = await socket.ReceiveAsync(reply, SocketFlags.None, deadline.Token).ConfigureAwait(false);
                if (length < HeaderLength || BinaryPrimitives.ReadUInt16BigEndian(reply) != id || (reply[2] & 0x80) == 0)
                {
                    continue;
                }
                var rcode = reply[3] & 0x0F;
                var answers = BinaryPrimitives.ReadUInt16BigEndian(reply.AsSpan(6));
                return rcode != 0 ? CheckResult.Failure($"DNS {question} answered {RcodeName(rcode)} by {_endpoints.Target}")
                    : answers == 0 ? CheckResult.Failure($"DNS {question} answered NOERROR by {_endpoints.Target} with no answer record")
                    : CheckResult.Success($"DNS {question} answered NOERROR by {_endpoints.Target} with {answers} answer record(s)");
            }
        }
        catch (Exception e)
        {
            return CheckFailures.From(e, $"DNS {question} to", _endpoints.Target, timeout, cancellationToken);
        }
    }

    private static string RcodeName(int rcode) => rcode < RcodeNames.Length ? RcodeNames[rcode] : $"RCODE {rcode}";

    /// <summary>The query of keepalived's dns_make_query, with id 0: header, QNAME as labels, QTYPE, QCLASS IN.</summary>
    internal static byte[] BuildQuery(string name, ushort type)
    {
        var message = new List<byte>(HeaderLength + name.Length + 6)
        {
            0, 0,       // id, set per query
            0x01, 0x00, // flags: RD
            0, 1,       // QDCOUNT
            0, 0, 0, 0, 0, 0,
        };
        foreach (var label in name.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var bytes = Encoding.ASCII.GetBytes(label);
            // A label longer than 63 would be read as a compression pointer; configuration validation should stop it,
            // and cutting it keeps the message well-formed (the server then answers NXDOMAIN, which says enough).
            var length = Math.Min(bytes.Length, 63);
            message.Add((byte)length);
            message.AddRange(bytes.Take(length));
        }
        message.Add(0);
        message.Add((byte)(type >> 8));
        message.Add((byte)type);
        message.Add(0);
        message.Add(1);
        return message.ToArray();
    }
}
