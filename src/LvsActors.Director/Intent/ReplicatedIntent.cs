namespace LvsActors.Director.Intent;

/// <summary>
/// Turns the replicated intent map into <see cref="AdminIntent"/> and a command's event into the one entry it changes.
/// Pure, so the folding and the conflict-free shape are tested without a cluster.
/// </summary>
public static class ReplicatedIntent
{
    /// <summary>The operator intent that the entries say.</summary>
    public static AdminIntent Fold(IEnumerable<IntentEntry> entries)
    {
        var services = AdminIntent.Empty.Services.ToBuilder();
        foreach (var entry in entries.Where(e => !e.IsEmpty))
        {
            var service = services.GetValueOrDefault(entry.VirtualService) ?? ServiceIntent.Empty;
            service = entry.RealServer is null
                ? service with { Maintenance = true }
                : service with { RealServers = service.RealServers.SetItem(entry.RealServer, entry.Server!) };
            services[entry.VirtualService] = service;
        }
        return new AdminIntent(services.ToImmutable());
    }

    /// <summary>The version a director shows: the newest clock it holds (0 for none); it only grows, on every director.</summary>
    public static long Version(IEnumerable<IntentEntry> entries) => entries.Select(e => e.Clock).DefaultIfEmpty(0).Max();

    /// <summary>The next clock: now, or just after the newest clock seen when the wall clock is behind it.</summary>
    public static long NextClock(long newestSeen, DateTimeOffset now) => Math.Max(now.ToUnixTimeMilliseconds(), newestSeen + 1);

    /// <summary>The entry that <paramref name="e"/> leaves in <paramref name="after"/> (the intent with the event applied).</summary>
    public static IntentEntry EntryFor(AdminIntent after, IAdminEvent e, long clock)
    {
        var service = after.For(e.VirtualService);
        return RealServerOf(e) is { } server
            ? new IntentEntry(e.VirtualService, server, service.For(server), false, clock, e.By, e.At)
            : new IntentEntry(e.VirtualService, null, null, service.Maintenance, clock, e.By, e.At);
    }

    /// <summary>
    /// The entries of an old journal's intent that the map lacks, for the first start after an upgrade. A key the map
    /// has (even as a tombstone) is newer than the journal and stays.
    /// </summary>
    public static IReadOnlyList<IntentEntry> Import(AdminIntent journal, IReadOnlySet<string> keys, long clock, DateTimeOffset now)
    {
        var entries = new List<IntentEntry>();
        foreach (var (name, service) in journal.Services)
        {
            if (service.Maintenance && !keys.Contains(IntentEntry.KeyOf(name, null)))
            {
                entries.Add(new IntentEntry(name, null, null, true, clock, "journal import", now));
            }
            entries.AddRange(service.RealServers
                .Where(rs => !keys.Contains(IntentEntry.KeyOf(name, rs.Key)))
                .Select(rs => new IntentEntry(name, rs.Key, rs.Value, false, clock, "journal import", now)));
        }
        return entries;
    }

    private static string? RealServerOf(IAdminEvent e) => e switch
    {
        RealServerDrained d => d.RealServer,
        DrainCompleted d => d.RealServer,
        RealServerRestored r => r.RealServer,
        WeightOverridden w => w.RealServer,
        RealServerMaintenanceStarted m => m.RealServer,
        RealServerAdded a => a.RealServer,
        RealServerRemoved r => r.RealServer,
        _ => null,
    };
}
