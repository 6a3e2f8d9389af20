using LvsActors.Model;

namespace LvsActors.Table;

/// <summary>One change that brings a table to the desired state.</summary>
public abstract record TableChange
{
    /// <summary>The service the change applies to.</summary>
    public abstract VirtualServiceKey Service { get; }
}

public sealed record AddService(ServiceEntry Entry) : TableChange
{
    public override VirtualServiceKey Service => Entry.Key;
    public override string ToString() => $"add service {Entry.Key} {Entry.Scheduler}";
}

public sealed record EditService(ServiceEntry Entry) : TableChange
{
    public override VirtualServiceKey Service => Entry.Key;
    public override string ToString() => $"edit service {Entry.Key} {Entry.Scheduler}";
}

public sealed record RemoveService(VirtualServiceKey Key) : TableChange
{
    public override VirtualServiceKey Service => Key;
    public override string ToString() => $"remove service {Key}";
}

public sealed record AddDestination(VirtualServiceKey Key, DestinationEntry Destination) : TableChange
{
    public override VirtualServiceKey Service => Key;
    public override string ToString() => $"add {Destination.Endpoint} to {Key} weight {Destination.Weight}";
}

public sealed record EditDestination(VirtualServiceKey Key, DestinationEntry Destination) : TableChange
{
    public override VirtualServiceKey Service => Key;
    public override string ToString() => $"edit {Destination.Endpoint} in {Key} weight {Destination.Weight}";
}

public sealed record RemoveDestination(VirtualServiceKey Key, Endpoint Endpoint) : TableChange
{
    public override VirtualServiceKey Service => Key;
    public override string ToString() => $"remove {Endpoint} from {Key}";
}

/// <summary>
/// The fewest changes from one table to another, the way Seesaw's ipvsEqual works: services and destinations are
/// matched by key; an entry is touched only when a field the kernel stores differs. Order of the result: removals
/// of services, then per service its edits, removals and additions of destinations, then new services — so that a
/// destination never briefly lands on a service that is about to go.
/// </summary>
public static class TableDiff
{
    /// <param name="kept">Services to leave as they are when <paramref name="desired"/> lacks them (none by default).</param>
    public static IReadOnlyList<TableChange> Compute(IEnumerable<ServiceEntry> current, IEnumerable<ServiceEntry> desired, KeptServices? kept = null)
    {
        var now = current.ToDictionary(s => s.Key);
        var want = desired.ToDictionary(s => s.Key);
        var changes = new List<TableChange>();
        kept ??= KeptServices.None;
        foreach (var key in now.Keys.Where(k => !want.ContainsKey(k) && !kept.Contains(k)))
        {
            changes.Add(new RemoveService(key));
        }
        foreach (var (key, target) in want)
        {
            if (!now.TryGetValue(key, out var existing))
            {
                changes.Add(new AddService(target));
                changes.AddRange(target.Destinations.Select(d => new AddDestination(key, d)));
                continue;
            }
            if (!SameService(existing, target))
            {
                changes.Add(new EditService(target));
            }
            DiffDestinations(key, existing.Destinations, target.Destinations, changes);
        }
        return changes;
    }

    private static void DiffDestinations(VirtualServiceKey key, IReadOnlyList<DestinationEntry> current, IReadOnlyList<DestinationEntry> desired, List<TableChange> changes)
    {
        var now = current.ToDictionary(d => d.Endpoint);
        var wanted = desired.Select(d => d.Endpoint).ToHashSet();
        changes.AddRange(current.Where(d => !wanted.Contains(d.Endpoint)).Select(d => new RemoveDestination(key, d.Endpoint)));
        foreach (var destination in desired)
        {
            if (!now.TryGetValue(destination.Endpoint, out var existing))
            {
                changes.Add(new AddDestination(key, destination));
            }
            else if (existing != destination)
            {
                changes.Add(new EditDestination(key, destination));
            }
        }
    }

    private static bool SameService(ServiceEntry a, ServiceEntry b) =>
        a.Scheduler == b.Scheduler && a.Persistence == b.Persistence && a.OnePacket == b.OnePacket && a.PersistenceEngine == b.PersistenceEngine;

    /// <summary>Applies <paramref name="changes"/> to an in-memory table, as the kernel would.</summary>
    public static IReadOnlyList<ServiceEntry> Apply(IEnumerable<ServiceEntry> table, IEnumerable<TableChange> changes)
    {
        var services = table.ToDictionary(s => s.Key);
        var order = table.Select(s => s.Key).ToList();
        foreach (var change in changes)
        {
            switch (change)
            {
                case AddService a:
                    services[a.Entry.Key] = a.Entry with { Destinations = ValueList<DestinationEntry>.Empty };
                    order.Add(a.Entry.Key);
                    break;
                case EditService e:
                    services[e.Entry.Key] = e.Entry with { Destinations = services[e.Entry.Key].Destinations };
                    break;
                case RemoveService r:
                    services.Remove(r.Key);
                    order.Remove(r.Key);
                    break;
                case AddDestination d:
                    services[d.Key] = services[d.Key] with { Destinations = new([.. services[d.Key].Destinations, d.Destination]) };
                    break;
                case EditDestination d:
                    services[d.Key] = services[d.Key] with
                    {
                        Destinations = new(services[d.Key].Destinations.Select(x => x.Endpoint == d.Destination.Endpoint ? d.Destination : x)),
                    };
                    break;
                case RemoveDestination d:
                    services[d.Key] = services[d.Key] with { Destinations = new(services[d.Key].Destinations.Where(x => x.Endpoint != d.Endpoint)) };
                    break;
            }
        }
        return order.Select(k => services[k]).ToList();
    }
}
