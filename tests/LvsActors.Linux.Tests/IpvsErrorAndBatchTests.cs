using System.Buffers.Binary;
using System.Net;
using LvsActors.Linux.Ipvs;
using LvsActors.Linux.Netlink;

namespace LvsActors.Linux.Tests;

/// <summary>Kernel errors become exceptions that say what and where; batches send many requests per datagram.</summary>
public class IpvsErrorAndBatchTests
{
    private const uint Port = 0x1234;
    private static readonly IpvsServiceKey Web = IpvsServiceKey.Tcp(IPAddress.Parse("192.0.2.1"), 80);

    private static IpvsClient Client(ScriptedTransport transport) => new(new NetlinkChannel(transport), Golden.IpvsFamily);

    [Fact]
    public void Einval_with_extended_ack_text_names_operation_service_and_kernel_reason()
    {
        var transport = new ScriptedTransport(Port);
        transport.Reply(Hex.Parse("""
            54 00 00 00              // len 84
            02 00                    // NLMSG_ERROR
            00 03                    // NLM_F_CAPPED | NLM_F_ACK_TLVS
            01 00 00 00  34 12 00 00 // seq 1, pid
            ea ff ff ff              // error -22 (EINVAL)
            68 00 00 00  1e 00 05 00  01 00 00 00  00 00 00 00 // our request's header (capped: no payload)
            27 00 01 00              // NLMSGERR_ATTR_MSG, 39 bytes
            41 74 74 72 69 62 75 74 65 20 66 61 69 6c 65 64 20 70 6f 6c 69 63 79 20 // "Attribute failed policy "
            76 61 6c 69 64 61 74 69 6f 6e 00 00 // "validation\0" + pad
            08 00 02 00  2c 00 00 00 // NLMSGERR_ATTR_OFFS 44
            """));
        using IpvsClient client = Client(transport);

        var error = Assert.Throws<IpvsException>(() => client.AddService(new IpvsService(Web, "wlc")));

        Assert.Equal(22, error.Errno);
        Assert.Equal("Attribute failed policy validation", error.KernelMessage);
        Assert.StartsWith("IPVS AddService 192.0.2.1:80/TCP: invalid argument (", error.Message);
        Assert.EndsWith("(kernel: Attribute failed policy validation)", error.Message);
    }

    [Fact]
    public void Enoent_on_new_service_means_the_scheduler_module_is_missing()
    {
        var transport = new ScriptedTransport(Port, autoAckErrno: _ => 2);
        using IpvsClient client = Client(transport);

        var error = Assert.Throws<IpvsException>(() => client.AddService(new IpvsService(Web, "foo")));

        Assert.Equal("IPVS AddService 192.0.2.1:80/TCP: scheduler module ip_vs_foo not found", error.Message);
    }

    [Fact]
    public void Eexist_on_new_dest_says_destination_exists_even_when_the_request_is_echoed_uncapped()
    {
        var transport = new ScriptedTransport(Port);
        using IpvsClient client = Client(transport);
        var dest = new IpvsDestination(IPAddress.Parse("198.51.100.11"), 80);
        byte[] request = Golden.Build(w => IpvsMessages.NewDest(w, 1, Golden.IpvsFamily, Web, dest));
        // Without NETLINK_CAP_ACK the kernel echoes the whole request after the error code, then the TLVs.
        byte[] error = Hex.Parse("""
            00 00 00 00  02 00 00 02  01 00 00 00  34 12 00 00 // len (below), NLMSG_ERROR, NLM_F_ACK_TLVS only
            ef ff ff ff              // error -17 (EEXIST)
            """).Concat(request).Concat(Hex.Parse("""
            0e 00 01 00  64 75 70 6c 69 63 61 74 65 00 00 00 // NLMSGERR_ATTR_MSG, 14 bytes: "duplicate\0" + 2 pad
            """)).ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(error, (uint)error.Length);
        transport.Reply(error);

        var thrown = Assert.Throws<IpvsException>(() => client.AddDestination(Web, dest));

        Assert.Equal("IPVS AddDestination 198.51.100.11:80 to 192.0.2.1:80/TCP: destination exists (kernel: duplicate)", thrown.Message);
        Assert.True(thrown.AlreadyExists);
        Assert.Equal(request, transport.Sent.Single());
    }

    [Theory]
    [InlineData(3, "IPVS DeleteService 192.0.2.1:80/TCP: no such service")]
    [InlineData(34, "IPVS DeleteService 192.0.2.1:80/TCP: weight or threshold out of range (weight must be >= 0, lower threshold <= upper threshold)")]
    [InlineData(1, "IPVS DeleteService 192.0.2.1:80/TCP: operation not permitted: needs CAP_NET_ADMIN in this network namespace")]
    public void Generic_errnos_are_worded(int errno, string message)
    {
        using IpvsClient client = Client(new ScriptedTransport(Port, autoAckErrno: _ => errno));

        var error = Assert.Throws<IpvsException>(() => client.DeleteService(Web));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Missing_destination_on_update_is_no_such_destination()
    {
        using IpvsClient client = Client(new ScriptedTransport(Port, autoAckErrno: _ => 2));

        var error = Assert.Throws<IpvsException>(() =>
            client.UpdateDestination(Web, new IpvsDestination(IPAddress.Parse("198.51.100.11"), 80)));

        Assert.Equal("IPVS UpdateDestination 198.51.100.11:80 of 192.0.2.1:80/TCP: no such destination", error.Message);
        Assert.True(error.NotFound);
    }

    [Fact]
    public void Batch_sends_once_and_reports_each_outcome_in_order()
    {
        var transport = new ScriptedTransport(Port, autoAckErrno: seq => seq == 2 ? 17 : 0);
        using IpvsClient client = Client(transport);
        IpvsOperation[] operations =
        [
            new IpvsOperation.AddService(new IpvsService(Web, "rr")),
            new IpvsOperation.AddDestination(Web, new IpvsDestination(IPAddress.Parse("198.51.100.11"), 80)),
            new IpvsOperation.AddDestination(Web, new IpvsDestination(IPAddress.Parse("198.51.100.12"), 80)),
        ];

        IReadOnlyList<IpvsOperationResult> results = client.Execute(operations);

        byte[] sent = Assert.Single(transport.Sent);
        Assert.Equal(104 + 164 + 164, sent.Length);
        Assert.Equal([true, false, true], results.Select(r => r.Succeeded));
        Assert.Equal("IPVS AddDestination 198.51.100.11:80 to 192.0.2.1:80/TCP: destination exists", results[1].Error!.Message);
        Assert.Same(operations[2], results[2].Operation);
    }

    [Fact]
    public void Only_the_last_request_of_a_datagram_asks_for_an_ack()
    {
        var transport = new ScriptedTransport(Port, autoAckErrno: seq => seq == 1 ? 17 : 0);
        using IpvsClient client = Client(transport);
        IpvsOperation[] operations = Enumerable.Range(0, 130)
            .Select(i => (IpvsOperation)new IpvsOperation.AddDestination(
                Web, new IpvsDestination(new IPAddress([10, 0, 0, (byte)i]), 80)))
            .ToArray();

        IReadOnlyList<IpvsOperationResult> results = client.Execute(operations);

        ushort[] flags = transport.Sent.SelectMany(Flags).ToArray();
        Assert.Equal(Enumerable.Range(1, 130).Select(i => i is 128 or 130 ? (ushort)0x5 : (ushort)0x1), flags);
        Assert.Equal("IPVS AddDestination 10.0.0.0:80 to 192.0.2.1:80/TCP: destination exists", results[0].Error!.Message);
        Assert.All(results.Skip(1), r => Assert.True(r.Succeeded));
    }

    [Fact]
    public void Large_batches_are_split_so_the_answers_fit_the_receive_buffer()
    {
        var transport = new ScriptedTransport(Port, autoAckErrno: _ => 0);
        using IpvsClient client = Client(transport);
        IpvsOperation[] operations = Enumerable.Range(0, 300)
            .Select(i => (IpvsOperation)new IpvsOperation.AddDestination(
                Web, new IpvsDestination(new IPAddress([10, 0, (byte)(i >> 8), (byte)i]), 80)))
            .ToArray();

        IReadOnlyList<IpvsOperationResult> results = client.Execute(operations);

        Assert.All(results, r => Assert.True(r.Succeeded));
        Assert.Equal([128 * 164, 128 * 164, 44 * 164], transport.Sent.Select(d => d.Length));
        uint[] sequences = transport.Sent.SelectMany(Sequences).ToArray();
        Assert.Equal(Enumerable.Range(1, 300).Select(i => (uint)i), sequences);
    }

    [Fact]
    public void A_request_with_no_answer_times_out_instead_of_hanging()
    {
        using IpvsClient client = Client(new ScriptedTransport(Port));

        var error = Assert.Throws<NetlinkSocketException>(() => client.GetServices());

        Assert.True(error.IsTimeout);
    }

    [Fact]
    public void A_message_longer_than_the_datagram_is_rejected_not_read_past()
    {
        var transport = new ScriptedTransport(Port);
        transport.Reply(Hex.Parse("ff 00 00 00  1e 00 02 00  01 00 00 00  34 12 00 00  01 01 00 00"));
        using IpvsClient client = Client(transport);

        var error = Assert.Throws<NetlinkException>(() => client.GetServices());

        Assert.Contains("malformed", error.Message);
    }

    private static IEnumerable<ushort> Flags(byte[] datagram)
    {
        for (int offset = 0; offset < datagram.Length;)
        {
            yield return BinaryPrimitives.ReadUInt16LittleEndian(datagram.AsSpan(offset + 6));
            offset += (int)BinaryPrimitives.ReadUInt32LittleEndian(datagram.AsSpan(offset));
        }
    }

    private static IEnumerable<uint> Sequences(byte[] datagram)
    {
        for (int offset = 0; offset < datagram.Length;)
        {
            yield return BinaryPrimitives.ReadUInt32LittleEndian(datagram.AsSpan(offset + 8));
            offset += (int)BinaryPrimitives.ReadUInt32LittleEndian(datagram.AsSpan(offset));
        }
    }
}
