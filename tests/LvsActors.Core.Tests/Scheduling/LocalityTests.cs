using LvsActors.Scheduling;
using static LvsActors.Core.Tests.Scheduling.Kit;

namespace LvsActors.Core.Tests.Scheduling;

public class LocalityTests
{
    private sealed class FakeClock
    {
        public long Ms;
        public long Now() => Ms;
    }

    private static DestinationList Service(IScheduler scheduler, int weight) =>
        Kit.Service(scheduler, ("192.0.2.1:80", weight), ("192.0.2.2:80", weight));

    private static PacketAddressing To(string destination) => From("198.51.100.1", destination: destination);

    [Fact]
    public void Lblc_sticks_to_the_cached_server_until_it_is_overloaded()
    {
        // list [.2 w2, .1 w2]. 203.0.113.10: no entry -> weighted least-connection -> .2 (first of two idle).
        // It stays .2 while .2's active count (0, 1, 2) does not exceed its weight 2; at 3 > 2, with .1 below half
        // its weight (0 * 2 < 2), ip_vs_lblc's is_overloaded holds and wlc picks .1, which replaces the entry.
        var clock = new FakeClock();
        var list = Service(new LocalityLeastConnectionScheduler(clock.Now, TimeSpan.FromHours(24)), 2);
        Assert.Equal(["2", "2", "2", "1", "1"], Short(Run(list, 5, packet: To("203.0.113.10"))));
        // Another destination address gets its own wlc choice: .1 holds 2 of weight 2, .2 holds 3 -> .1 (512/2 < 768/2).
        Assert.Equal(["1"], Short(Run(list, 1, packet: To("203.0.113.11"))));
    }

    [Fact]
    public void Lblc_replacing_an_entry_leaves_the_kernels_counter_one_higher()
    {
        // ip_vs_lblc_new unlinks the replaced entry without atomic_dec(&tbl->entries).
        var clock = new FakeClock();
        var scheduler = new LocalityLeastConnectionScheduler(clock.Now, TimeSpan.FromHours(24));
        Assert.Equal(["2", "2", "2", "1"], Short(Run(Service(scheduler, 2), 4, packet: To("203.0.113.10"))));
        Assert.Equal((1, 2), (scheduler.CachedDestinations, scheduler.CountedEntries));
    }

    [Fact]
    public void Lblc_over_its_size_collects_whole_hash_buckets_from_the_rover()
    {
        // max_size = 1024 * 16 = 16384; an entry is refused once entries > max_size, so 16385 fit
        // (10.0.0.0 + i for i = 0 … 16384). Each 60 s check over the limit has goal (16385 - 16384) * 4 / 3 = 1 and
        // walks buckets from rover + 1 = 1, dropping entries idle >= ENTRY_TIMEOUT (6 min): none at 1–5 min.
        // At 6 min bucket 1 holds 16 of them (hash_32(0x0A000000 + i, 10) == 1 for 16 of the i, counted in Python),
        // all idle: all 16 go, the goal is met, the rover stays at 1.
        var clock = new FakeClock();
        var scheduler = new LocalityLeastConnectionScheduler(clock.Now, TimeSpan.FromHours(24));
        var list = Service(scheduler, 1);
        for (var i = 0u; i < 16400; i++)
            list.Schedule(new PacketAddressing(Ip("198.51.100.1"), 1, InetAddress.FromIPv4(0x0A000000u + i), 80));
        Assert.Equal(16385, scheduler.CachedDestinations);
        clock.Ms = 5 * 60_000;
        list.Schedule(To("203.0.113.10")); // runs the due checks; the table is full, so this address is not cached
        Assert.Equal(16385, scheduler.CachedDestinations);
        clock.Ms = 6 * 60_000;
        list.Schedule(To("203.0.113.10")); // the 6-min check frees bucket 1; then this address is cached
        Assert.Equal(16385 - 16 + 1, scheduler.CachedDestinations);
        Assert.Equal(16370, scheduler.CountedEntries);
    }

    [Fact]
    public void Lblc_ignores_a_cached_server_with_weight_zero_or_gone()
    {
        var clock = new FakeClock();
        var list = Service(new LocalityLeastConnectionScheduler(clock.Now, TimeSpan.FromHours(24)), 2);
        Assert.Equal(["2"], Short(Run(list, 1, packet: To("203.0.113.10"))));
        list.Edit(Rs("192.0.2.2:80"), 0, default);
        Assert.Equal(["1"], Short(Run(list, 1, packet: To("203.0.113.10"))));
        list.Remove(Rs("192.0.2.1:80"));
        Assert.Equal(["-"], Short(Run(list, 1, packet: To("203.0.113.10"))));
    }

    [Fact]
    public void Lblc_entries_expire_at_the_full_check_after_the_expiration()
    {
        // The periodic check runs every 60 s; every 30th run is a full check that drops entries idle for at least
        // lblc_expiration. With a 1 h expiration, an entry last used at t = 0 survives the check at 30 min and goes
        // at 60 min.
        static (DestinationList List, FakeClock Clock) Cached()
        {
            var clock = new FakeClock();
            var list = Service(new LocalityLeastConnectionScheduler(clock.Now, TimeSpan.FromHours(1)), 4);
            Assert.Equal(["2"], Short(Run(list, 1, packet: To("203.0.113.10"))));
            // Load .2 so that a fresh wlc choice would be .1, while .2 stays within its weight (not overloaded).
            Assert.Equal(["2"], Short(Run(list, 1, packet: To("203.0.113.10"))));
            return (list, clock);
        }

        var early = Cached();
        early.Clock.Ms = 59 * 60_000;
        Assert.Equal(["2"], Short(Run(early.List, 1, packet: To("203.0.113.10"))));

        var late = Cached();
        late.Clock.Ms = 61 * 60_000;
        Assert.Equal(["1"], Short(Run(late.List, 1, packet: To("203.0.113.10"))));
    }

    [Fact]
    public void Lblcr_grows_the_set_when_its_best_member_is_overloaded()
    {
        // list [.2 w1, .1 w1]. First: wlc -> .2, set {.2}. Second: set min .2 has 1 <= 1 -> .2.
        // Third: .2 holds 2 > 1 and .1 is below half (0 < 1) -> wlc -> .1 joins at the front: set {.1, .2}.
        // Fourth: set min: .1 256/1 vs .2 512/1 -> .1 (1 <= 1). Fifth: .1 512 vs .2 512 tie -> .1 (set order);
        // .1 holds 2 > 1 but nobody is below half its weight any more, so it is not overloaded -> .1.
        var clock = new FakeClock();
        var scheduler = new LocalityLeastConnectionReplicationScheduler(clock.Now, TimeSpan.FromHours(24));
        var list = Service(scheduler, 1);
        Assert.Equal(["2", "2", "1", "1", "1"], Short(Run(list, 5, packet: To("203.0.113.10"))));
        Assert.Equal([Rs("192.0.2.1:80"), Rs("192.0.2.2:80")], scheduler.ServerSet(Ip("203.0.113.10")));
    }

    [Fact]
    public void Lblcr_drops_the_most_loaded_member_of_a_set_unchanged_for_the_expiration()
    {
        // After 2 2 1 the set is {.1, .2}, last modified at t = 0; .1 holds 1, .2 holds 2.
        // At t = 2 min (expiration 1 min): set min = .1; the set is older than the expiration, so
        // ip_vs_dest_set_max (.2: 512/1 > 256/1) is erased; .1 (1 <= 1) is used.
        var clock = new FakeClock();
        var scheduler = new LocalityLeastConnectionReplicationScheduler(clock.Now, TimeSpan.FromMinutes(1));
        var list = Service(scheduler, 1);
        Assert.Equal(["2", "2", "1"], Short(Run(list, 3, packet: To("203.0.113.10"))));
        clock.Ms = 2 * 60_000;
        Assert.Equal(["1"], Short(Run(list, 1, packet: To("203.0.113.10"))));
        Assert.Equal([Rs("192.0.2.1:80")], scheduler.ServerSet(Ip("203.0.113.10")));
    }

    [Fact]
    public void Lblc_caches_are_per_service_instance_and_reset_on_rebind()
    {
        var clock = new FakeClock();
        var scheduler = new LocalityLeastConnectionScheduler(clock.Now, TimeSpan.FromHours(24));
        var list = Service(scheduler, 2);
        Run(list, 1, packet: To("203.0.113.10"));
        Assert.Equal(1, scheduler.CachedDestinations);
        scheduler.OnDestinationsChanged(list.Destinations, DestinationChange.Reset);
        Assert.Equal(0, scheduler.CachedDestinations);
    }
}
