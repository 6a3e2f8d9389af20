using LvsActors.Director.Intent;

namespace LvsActors.Admin.Tests;

/// <summary>The pure side of replicated intent: events to entries, entries to intent, the clock, the journal import.</summary>
public sealed class ReplicatedIntentTests
{
    // Records holding immutable dictionaries compare those by reference: compare what they say.
    private static string Json(AdminIntent intent) => System.Text.Json.JsonSerializer.Serialize(intent.Services);

    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000);

    [Fact]
    public void A_drain_becomes_one_entry_keyed_by_its_real_server_and_folds_back_to_the_same_intent()
    {
        var drained = new RealServerDrained("web", "198.51.100.11:80", Now.AddMinutes(5), "ops", Now);
        var after = AdminIntent.Empty.Apply(drained);
        var entry = ReplicatedIntent.EntryFor(after, drained, 42);
        Assert.Equal("web|198.51.100.11:80", entry.Key);
        Assert.Equal(42, entry.Clock);
        Assert.Equal(Json(after), Json(ReplicatedIntent.Fold([entry])));
    }

    [Fact]
    public void A_restore_leaves_a_tombstone_that_folds_to_nothing()
    {
        var drained = AdminIntent.Empty.Apply(new RealServerDrained("web", "198.51.100.11:80", Now.AddMinutes(5), "ops", Now));
        var restored = new RealServerRestored("web", "198.51.100.11:80", "ops", Now);
        var entry = ReplicatedIntent.EntryFor(drained.Apply(restored), restored, 43);
        Assert.True(entry.IsEmpty);
        Assert.Empty(ReplicatedIntent.Fold([entry]).Services);
    }

    [Fact]
    public void Service_maintenance_is_its_own_entry_beside_the_real_servers()
    {
        var started = new ServiceMaintenanceStarted("web", "ops", Now);
        var weight = new WeightOverridden("web", "198.51.100.12:80", 5, "ops", Now);
        var intent = AdminIntent.Empty.Apply(started).Apply(weight);
        var entries = new[] { ReplicatedIntent.EntryFor(intent, started, 1), ReplicatedIntent.EntryFor(intent, weight, 2) };
        Assert.Equal("web", entries[0].Key);
        Assert.Equal(Json(intent), Json(ReplicatedIntent.Fold(entries)));
        Assert.Equal(2, ReplicatedIntent.Version(entries));
    }

    [Fact]
    public void The_clock_never_goes_back_even_when_the_wall_clock_does()
    {
        Assert.Equal(Now.ToUnixTimeMilliseconds(), ReplicatedIntent.NextClock(5, Now));
        var ahead = Now.ToUnixTimeMilliseconds() + 10_000;
        Assert.Equal(ahead + 1, ReplicatedIntent.NextClock(ahead, Now));
    }

    [Fact]
    public void The_journal_import_takes_only_the_keys_the_map_lacks()
    {
        var journal = AdminIntent.Empty
            .Apply(new RealServerDrained("web", "198.51.100.11:80", Now.AddMinutes(5), "ops", Now))
            .Apply(new WeightOverridden("web", "198.51.100.12:80", 5, "ops", Now))
            .Apply(new ServiceMaintenanceStarted("api", "ops", Now));
        var imported = ReplicatedIntent.Import(journal, new HashSet<string> { "web|198.51.100.12:80" }, 7, Now);
        Assert.Equal(["api", "web|198.51.100.11:80"], imported.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.All(imported, e => Assert.Equal(7, e.Clock));
        Assert.Empty(ReplicatedIntent.Import(journal, imported.Select(e => e.Key).Append("web|198.51.100.12:80").ToHashSet(), 8, Now));
    }
}
