using LvsActors.Model;

namespace LvsActors.Table;

/// <summary>
/// One order of destinations on every director, for the schedulers whose choice depends on it. The kernel lists a
/// service's destinations newest first (__ip_vs_update_dest adds at the head), and mh, sh and dh build their lookup
/// tables walking that list: mh gives a contested slot to whichever destination comes first, sh and dh deal buckets
/// out in list order. Two directors holding the same real servers in different orders send some flows to different
/// real servers — harmless with one director, a broken flow whenever ECMP moves it in active-active. A director that
/// fills an empty service in the desired order lists them in the reverse of it; one that kept its table across a
/// reload of a reordered file, or received a real server in the middle of the list, does not.
/// <para>
/// <see cref="Restore"/> rewrites a diff so that every such service ends listed exactly as if it had been filled
/// empty: the destinations that must go to the head are deleted and added again one at a time (each newest in turn).
/// IPVS keeps a deleted destination in its trash while connections use it and takes the same one back on the add,
/// so its connections stay bound; only a packet arriving between the two messages finds it gone (dropped, or with
/// expire_nodest_conn its connection scheduled afresh), a window of microseconds for each destination moved.
/// </para>
/// </summary>
public static class ListedOrder
{
    /// <summary>Whether the scheduler's choices depend on the order the kernel lists the destinations in.</summary>
    public static bool Matters(SchedulerSpec scheduler) => scheduler.Name is "mh" or "sh" or "dh";

    /// <param name="current">The kernel's table, each service's destinations as the kernel lists them (newest first).</param>
    /// <param name="desired">The table wanted, each service's destinations in the order they are to be added.</param>
    /// <param name="changes"><see cref="TableDiff.Compute"/> of the two.</param>
    /// <returns>
    /// <paramref name="changes"/>, with the destination changes of every order-dependent service that would end in
    /// another order replaced by ones that end listed in the reverse of its desired order.
    /// </returns>
    public static IReadOnlyList<TableChange> Restore(IEnumerable<ServiceEntry> current, IEnumerable<ServiceEntry> desired, IReadOnlyList<TableChange> changes)
    {
        var now = current.ToDictionary(s => s.Key);
        var byService = changes.ToLookup(c => c.Service);
        var reordered = new Dictionary<VirtualServiceKey, List<TableChange>>();
        foreach (var target in desired)
        {
            if (!Matters(target.Scheduler) || !now.TryGetValue(target.Key, out var existing))
            {
                // A new service's destinations are added in the desired order by the diff itself.
                continue;
            }
            var own = byService[target.Key].ToList();
            if (!ListedAfter(existing, own).SequenceEqual(Canonical(target)))
            {
                reordered[target.Key] = Rewrite(existing, target, own);
            }
        }
        if (reordered.Count == 0)
        {
            return changes;
        }
        // Each rewritten service's changes take the place of its first original one; the diff's order between
        // services (removals of services first, new services last) stays.
        var result = new List<TableChange>(changes.Count);
        var placed = new HashSet<VirtualServiceKey>();
        foreach (var change in changes)
        {
            if (!reordered.TryGetValue(change.Service, out var rewritten))
            {
                result.Add(change);
            }
            else if (placed.Add(change.Service))
            {
                result.AddRange(rewritten);
            }
        }
        // A service already complete in its destinations, only in the wrong order, had no change to take the place of.
        result.AddRange(reordered.Where(r => !placed.Contains(r.Key)).SelectMany(r => r.Value));
        return result;
    }

    /// <summary>The order the kernel lists a service filled empty in the desired order: the last added first.</summary>
    private static IEnumerable<Endpoint> Canonical(ServiceEntry target) => target.Destinations.Select(d => d.Endpoint).Reverse();

    /// <summary>The kernel's list once <paramref name="changes"/> are applied: removals leave, each addition goes to the head.</summary>
    private static IEnumerable<Endpoint> ListedAfter(ServiceEntry existing, IEnumerable<TableChange> changes)
    {
        var listed = existing.Destinations.Select(d => d.Endpoint).ToList();
        foreach (var change in changes)
        {
            switch (change)
            {
                case RemoveDestination r:
                    listed.Remove(r.Endpoint);
                    break;
                case AddDestination a:
                    listed.Insert(0, a.Destination.Endpoint);
                    break;
            }
        }
        return listed;
    }

    /// <summary>
    /// The destinations that can stay where they are: the longest tail of the canonical order that the kernel's list
    /// already holds in that order (not necessarily side by side). Only a move to the head is possible, so whatever
    /// is not moved ends below all that is, in the order it had.
    /// </summary>
    private static HashSet<Endpoint> Untouched(IReadOnlyList<Endpoint> listed, IReadOnlyList<Endpoint> canonical)
    {
        var untouched = new HashSet<Endpoint>();
        var at = listed.Count - 1;
        for (var i = canonical.Count - 1; i >= 0; i--)
        {
            // Matching each from the bottom at its lowest place leaves the most room above for the rest.
            while (at >= 0 && listed[at] != canonical[i])
            {
                at--;
            }
            if (at < 0)
            {
                break;
            }
            untouched.Add(canonical[i]);
            at--;
        }
        return untouched;
    }

    private static List<TableChange> Rewrite(ServiceEntry existing, ServiceEntry target, List<TableChange> own)
    {
        var canonical = Canonical(target).ToList();
        // Real servers leaving are skipped by the match below; they go with the diff's own removals.
        var untouched = Untouched(existing.Destinations.Select(d => d.Endpoint).ToList(), canonical);
        var present = existing.Destinations.Select(d => d.Endpoint).ToHashSet();
        var rewritten = own.Where(c => c is EditService or RemoveDestination).ToList();
        rewritten.AddRange(own.OfType<EditDestination>().Where(e => untouched.Contains(e.Destination.Endpoint)));
        // In the desired order, each to the head: the last desired ends on top, as in a service filled empty.
        foreach (var destination in target.Destinations.Where(d => !untouched.Contains(d.Endpoint)))
        {
            if (present.Contains(destination.Endpoint))
            {
                rewritten.Add(new RemoveDestination(target.Key, destination.Endpoint));
            }
            rewritten.Add(new AddDestination(target.Key, destination));
        }
        return rewritten;
    }
}
