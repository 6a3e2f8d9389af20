using LvsActors.Scheduling;
using static LvsActors.Core.Tests.Scheduling.Kit;

namespace LvsActors.Core.Tests.Scheduling;

/// <summary>
/// The hard-coded expectations come from the kernel's own algorithm: ip_vs_mh.c (permutate, populate, get,
/// get_fallback) and lib/siphash.c's 64-bit hsiphash, transliterated to C and compiled with gcc outside this repo;
/// that harness reproduces lib/siphash_kunit.c's test vector hsiphash[4] = 0x88d38328. Indices below are kernel
/// list positions: servers added .1, .2, .3 give the list [.3, .2, .1].
/// </summary>
public class MaglevHashTests
{
    private static DestinationList Abc(int tableIndex = 12, int w1 = 1, int w2 = 1, int w3 = 1, params string[] flags)
    {
        var scheduler = SchedulerFactory.Create("mh", flags, new SchedulerOptions { MaglevTableIndex = tableIndex });
        return Service(scheduler, ("192.0.2.1:80", w1), ("192.0.2.2:80", w2), ("192.0.2.3:80", w3));
    }

    private static string[] Clients(DestinationList list, int count = 10) =>
        Short(Enumerable.Range(1, count).Select(c => Pick(list, From($"198.51.100.{c}"))));

    private static int[] Shares(DestinationList list)
    {
        var shares = new int[list.Count];
        foreach (var index in ((MaglevHashScheduler)list.Scheduler).Lookup)
            shares[index]++;
        return shares;
    }

    [Fact]
    public void Default_table_is_4093_positions_and_matches_the_kernel()
    {
        var list = Abc();
        Assert.Equal(4093, ((MaglevHashScheduler)list.Scheduler).TableSize);
        Assert.Equal([1365, 1364, 1364], Shares(list));
        Assert.Equal(["3", "1", "1", "3", "1", "1", "3", "3", "2", "3"], Clients(list));
    }

    [Fact]
    public void Table_index_8_is_251_positions_and_matches_the_kernel()
    {
        var list = Abc(tableIndex: 8);
        Assert.Equal(251, ((MaglevHashScheduler)list.Scheduler).TableSize);
        Assert.Equal([0, 0, 1, 1, 2, 2, 0, 2, 1, 2, 1, 0, 2, 2, 2, 1],
            ((MaglevHashScheduler)list.Scheduler).Lookup[..16].ToArray());
        Assert.Equal(["2", "2", "3", "1", "1", "1", "1", "3", "2", "1"], Clients(list));
    }

    [Fact]
    public void Weights_set_the_shares_and_mh_port_hashes_the_port()
    {
        // Weights .1 = 1, .2 = 2, .3 = 3: gcd 1, no shift, turns 3/2/1 per round.
        var list = Abc(w1: 1, w2: 2, w3: 3);
        Assert.Equal([2047, 1364, 682], Shares(list));
        Assert.Equal(["3", "1", "1", "3", "1", "3", "3", "3", "2", "3"], Clients(list));
        var ported = Abc(w1: 1, w2: 2, w3: 3, flags: "mh-port");
        var picks = Enumerable.Range(40001, 10).Select(p => Pick(ported, From("198.51.100.1", (ushort)p)));
        Assert.Equal(["2", "3", "3", "1", "3", "1", "3", "2", "3", "3"], Short(picks));
    }

    [Fact]
    public void Quiescing_keeps_the_table_and_fallback_rehashes_around_the_gap()
    {
        // Weight 0 keeps last_weight, so the table is unchanged; .2's positions now answer "none" unless mh-fallback,
        // which rehashes with offsets until an available server turns up.
        var plain = Abc(tableIndex: 8);
        var fallback = Abc(tableIndex: 8, flags: "mh-fallback");
        var before = ((MaglevHashScheduler)plain.Scheduler).Lookup.ToArray();
        plain.Edit(Rs("192.0.2.2:80"), 0, default);
        fallback.Edit(Rs("192.0.2.2:80"), 0, default);
        Assert.Equal(before, ((MaglevHashScheduler)plain.Scheduler).Lookup.ToArray());
        Assert.Equal(["-", "-", "3", "1", "1", "1", "1", "3", "-", "1"], Clients(plain));
        Assert.Equal(["1", "3", "3", "1", "1", "1", "1", "3", "1", "1"], Clients(fallback));
    }

    [Fact]
    public void Adding_one_server_to_ten_moves_about_one_eleventh_of_the_flows()
    {
        var list = new DestinationList(new MaglevHashScheduler());
        for (var i = 1; i <= 10; i++)
            list.Add(Rs($"192.0.2.{i}:80"), 1);
        const int flows = 20000;
        var before = new string[flows];
        for (var f = 0; f < flows; f++)
            before[f] = Pick(list, Client(f));
        list.Add(Rs("192.0.2.11:80"), 1);
        int moved = 0, movedToNew = 0;
        for (var f = 0; f < flows; f++)
        {
            var after = Pick(list, Client(f));
            if (after == before[f])
                continue;
            moved++;
            if (after == "192.0.2.11:80")
                movedToNew++;
        }
        var fraction = (double)moved / flows;
        Assert.InRange(fraction, 1.0 / 11 * 0.8, 1.0 / 11 * 1.5);
        Assert.True(movedToNew >= moved * 0.7, $"{movedToNew} of {moved} moved flows went to the new server");
    }

    [Fact]
    public void Removing_one_server_of_ten_mostly_keeps_the_other_flows()
    {
        var list = new DestinationList(new MaglevHashScheduler());
        for (var i = 1; i <= 10; i++)
            list.Add(Rs($"192.0.2.{i}:80"), 1);
        const int flows = 20000;
        var before = Enumerable.Range(0, flows).Select(f => Pick(list, Client(f))).ToArray();
        list.Remove(Rs("192.0.2.4:80"));
        var kept = Enumerable.Range(0, flows).Where(f => before[f] != "192.0.2.4:80").ToArray();
        var moved = kept.Count(f => Pick(list, Client(f)) != before[f]);
        Assert.InRange((double)moved / kept.Length, 0.0, 0.05);
        Assert.DoesNotContain(Enumerable.Range(0, flows), f => Pick(list, Client(f)) == "192.0.2.4:80");
    }

    [Fact]
    public void The_same_servers_give_the_same_table_in_any_instance()
    {
        var a = Abc(w1: 5, w2: 7, w3: 1);
        var b = Abc(w1: 5, w2: 7, w3: 1);
        Assert.Equal(((MaglevHashScheduler)a.Scheduler).Lookup.ToArray(), ((MaglevHashScheduler)b.Scheduler).Lookup.ToArray());
    }

    private static PacketAddressing Client(int f) =>
        new(InetAddress.FromIPv4(0x0A000000u + (uint)f * 7919u), 40000, Ip(Vip), 80);
}
