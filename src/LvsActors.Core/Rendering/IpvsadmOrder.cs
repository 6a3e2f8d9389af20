using System.Net;
using System.Net.Sockets;
using LvsActors.Model;

namespace LvsActors.Rendering;

/// <summary>
/// The order in which ipvsadm 1.31 prints services and real servers, reproduced exactly, quirks included, so that
/// our listings diff cleanly against ipvsadm's. ipvsadm sorts with glibc's qsort (a stable top-down merge sort for
/// tables this size) using libipvs's ipvs_cmp_services / ipvs_cmp_dests, which compare fwmark, family, protocol,
/// then each 32-bit address word and the port by subtraction read as a signed int. That subtraction wraps, so
/// 192.168.0.1 sorts before 10.0.0.1; we keep it, since matching ipvsadm is the point.
/// Where keys lie more than 2^31 apart the comparison is not transitive and the merge sort's result depends on the
/// order it starts from: the kernel's listing. For destinations that is newest first (see <see cref="IpvsadmSave"/>);
/// for services it is hash order mixed with the namespace's address, which no configuration can predict.
/// </summary>
public static class IpvsadmOrder
{
    /// <summary>What ipvsadm compares for a service or a destination.</summary>
    public readonly record struct SortKey(uint Fwmark, AddressFamily Family, int Protocol, IPAddress Address, ushort Port);

    /// <summary>The sort key of a configured service.</summary>
    public static SortKey KeyOf(VirtualServiceKey key) => key switch
    {
        AddressServiceKey a => new SortKey(0, a.Family, ProtocolNumber(a.Protocol), a.Endpoint.Address, a.Endpoint.Port),
        FirewallMarkServiceKey f => new SortKey(f.Mark, f.Family, 0, f.Family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0),
        _ => throw new ArgumentOutOfRangeException(nameof(key)),
    };

    /// <summary>The IP protocol number the kernel stores (IPPROTO_TCP, _UDP, _SCTP).</summary>
    public static int ProtocolNumber(Protocol protocol) => protocol switch
    {
        Protocol.Tcp => 6,
        Protocol.Udp => 17,
        Protocol.Sctp => 132,
        _ => throw new ArgumentOutOfRangeException(nameof(protocol)),
    };

    /// <summary>libipvs ipvs_cmp_services.</summary>
    public static int CompareServices(SortKey a, SortKey b)
    {
        var r = unchecked((int)(a.Fwmark - b.Fwmark));
        if (r != 0)
        {
            return r;
        }
        r = LinuxFamily(a.Family) - LinuxFamily(b.Family);
        if (r != 0)
        {
            return r;
        }
        r = a.Protocol - b.Protocol;
        return r != 0 ? r : CompareAddressThenPort(a, b);
    }

    /// <summary>libipvs ipvs_cmp_dests: address and port only; the first one's family decides how many words count.</summary>
    public static int CompareDestinations(SortKey a, SortKey b) => CompareAddressThenPort(a, b);

    /// <summary>glibc 2.36 msort: split n/2, sort both halves, merge taking the left one on ties and on "≤ 0".</summary>
    public static void Sort<T>(T[] items, Func<T, SortKey> key, Comparison<SortKey> compare)
    {
        if (items.Length < 2)
        {
            return;
        }
        var keys = items.Select(key).ToArray();
        var order = Enumerable.Range(0, items.Length).ToArray();
        MergeSort(order, new int[order.Length], 0, order.Length, (x, y) => compare(keys[x], keys[y]));
        var sorted = order.Select(i => items[i]).ToArray();
        sorted.CopyTo(items, 0);
    }

    private static void MergeSort(int[] b, int[] tmp, int start, int n, Comparison<int> compare)
    {
        if (n <= 1)
        {
            return;
        }
        var n1 = n / 2;
        var n2 = n - n1;
        MergeSort(b, tmp, start, n1, compare);
        MergeSort(b, tmp, start + n1, n2, compare);
        int i = start, j = start + n1, k = 0;
        while (i < start + n1 && j < start + n)
        {
            tmp[k++] = compare(b[i], b[j]) <= 0 ? b[i++] : b[j++];
        }
        while (i < start + n1)
        {
            tmp[k++] = b[i++];
        }
        // What remains of the right half is already in place, as in glibc.
        Array.Copy(tmp, 0, b, start, k);
    }

    private static int CompareAddressThenPort(SortKey a, SortKey b)
    {
        var r = 0;
        var words = a.Family == AddressFamily.InterNetworkV6 ? 4 : 1;
        for (var i = 0; r == 0 && i < words; i++)
        {
            r = unchecked((int)(Word(a.Address, i) - Word(b.Address, i)));
        }
        return r != 0 ? r : a.Port - b.Port;
    }

    // The address as libipvs holds it: a 16-byte union, IPv4 in the first four bytes, read as host-order words.
    private static uint Word(IPAddress address, int index)
    {
        Span<byte> bytes = stackalloc byte[16];
        bytes.Clear();
        address.TryWriteBytes(bytes, out _);
        return (uint)(bytes[index * 4] << 24 | bytes[index * 4 + 1] << 16 | bytes[index * 4 + 2] << 8 | bytes[index * 4 + 3]);
    }

    private static int LinuxFamily(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? 10 : 2;
}
