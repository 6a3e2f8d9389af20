using LvsActors.Scheduling;
using static LvsActors.Core.Tests.Scheduling.Kit;

namespace LvsActors.Core.Tests.Scheduling;

/// <summary>
/// dh and sh expectations are computed by hand from hash_32(v, 8) = (v * 0x61C88647 mod 2^32) >> 24 and the
/// kernel's bucket filling; each case's arithmetic is in its comment.
/// </summary>
public class HashingSchedulerTests
{
    private static string[] Picks(DestinationList list, IEnumerable<PacketAddressing> packets) =>
        Short(packets.Select(p => Pick(list, p)));

    [Fact]
    public void Dh_hashes_the_destination_address_into_256_round_robin_buckets()
    {
        // Added .1 .2 .3 -> list [.3, .2, .1]; ip_vs_dh_reassign puts list entry (b mod 3) in bucket b.
        // 203.0.113.1 = 0xCB007101 -> * 0x61C88647 = 0x320DDD47 -> bucket 0x32 = 50 -> 50 mod 3 = 2 -> .1
        // .2 -> 0x93D6638E -> 147 -> 0 -> .3;  .3 -> 0xF59EE9D5 -> 245 -> 2 -> .1;  .4 -> 0x5767701C -> 87 -> 0 -> .3
        var list = Service("dh", ("192.0.2.1:80", 1), ("192.0.2.2:80", 1), ("192.0.2.3:80", 1));
        var packets = Enumerable.Range(1, 4).Select(d => From("198.51.100.9", destination: $"203.0.113.{d}"));
        Assert.Equal(["1", "3", "1", "3"], Picks(list, packets));
        // The source address plays no part.
        Assert.Equal("192.0.2.1:80", Pick(list, From("198.51.100.200", 1234, "203.0.113.1")));
    }

    [Fact]
    public void Dh_gives_no_destination_when_the_hashed_server_is_unavailable()
    {
        var list = Service("dh", ("192.0.2.1:80", 1), ("192.0.2.2:80", 1), ("192.0.2.3:80", 1));
        list.Edit(Rs("192.0.2.1:80"), 0, default);
        Assert.Equal("none", Pick(list, From("198.51.100.9", destination: "203.0.113.1")));
        Assert.Equal("192.0.2.3:80", Pick(list, From("198.51.100.9", destination: "203.0.113.2")));
    }

    private static DestinationList ShService(params string[] flags)
    {
        // Added .1 (w1), .2 (w2): list [.2 w2, .1 w1]; ip_vs_sh_reassign gives each its weight in consecutive
        // buckets: 0 .2, 1 .2, 2 .1, 3 .2, … so bucket b holds .2 when b mod 3 < 2, else .1.
        var list = new DestinationList(SchedulerFactory.Create("sh", flags));
        list.Add(Rs("192.0.2.1:80"), 1);
        list.Add(Rs("192.0.2.2:80"), 2);
        return list;
    }

    [Fact]
    public void Sh_hashes_the_client_address_into_weighted_buckets()
    {
        // 198.51.100.1 = 0xC6336401 -> 0x60614247 -> bucket 96 -> 96 mod 3 = 0 -> .2
        // .2 -> 0xC229C88E -> 194 -> 2 -> .1;  .3 -> 0x23F24ED5 -> 35 -> 2 -> .1;  .4 -> 0x85BAD51C -> 133 -> 1 -> .2
        var packets = Enumerable.Range(1, 4).Select(c => From($"198.51.100.{c}"));
        Assert.Equal(["2", "1", "1", "2"], Picks(ShService(), packets));
        Assert.Equal(["2", "1", "1", "2"], Picks(ShService(), packets)); // a fresh instance: same answer
    }

    [Fact]
    public void Sh_port_adds_the_source_port()
    {
        // key = ntohs(port) + addr: 0xC6336401 + 40001 = 0xC6340042 -> bucket 102 (0 mod 3) -> .2;
        // +40002 -> 199 (1) -> .2;  +40003 -> 41 (2) -> .1;  +40004 -> 139 (1) -> .2
        var list = ShService("sh-port");
        var packets = Enumerable.Range(40001, 4).Select(p => From("198.51.100.1", (ushort)p));
        Assert.Equal(["2", "2", "1", "2"], Picks(list, packets));
        // Without the flag the port is ignored.
        Assert.Equal("192.0.2.2:80", Pick(ShService(), From("198.51.100.1", 40003)));
    }

    [Fact]
    public void Sh_fallback_walks_to_the_next_available_bucket()
    {
        // Setting .2's weight to 0 reassigns: a weight-0 server still takes one bucket, so buckets alternate
        // .2 (even), .1 (odd). 198.51.100.1 hashes to 96 (even, .2 unavailable). ip_vs_sh_get_fallback then tries
        // buckets (roffset + 96) & 255 with roffset = 96, 97, …: 192 (.2), 193 (.1) -> .1. Same for .2 (194).
        // 198.51.100.3 hashes to 35 (odd) -> .1 directly.
        var plain = ShService();
        var fallback = ShService("sh-fallback");
        plain.Edit(Rs("192.0.2.2:80"), 0, default);
        fallback.Edit(Rs("192.0.2.2:80"), 0, default);
        var packets = new[] { 1, 2, 3 }.Select(c => From($"198.51.100.{c}")).ToArray();
        Assert.Equal(["-", "-", "1"], Picks(plain, packets));
        Assert.Equal(["1", "1", "1"], Picks(fallback, packets));
        fallback.Edit(Rs("192.0.2.1:80"), 0, default);
        Assert.Equal(["-", "-", "-"], Picks(fallback, packets));
    }

    [Fact]
    public void Empty_tables_give_no_destination()
    {
        foreach (var name in new[] { "dh", "sh", "mh" })
            Assert.Equal(IScheduler.NoDestination, new DestinationList(SchedulerFactory.Create(name)).Schedule(From("198.51.100.1")));
    }
}
