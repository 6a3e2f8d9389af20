using System.Net;
using LvsActors.Model;
using LvsActors.Table;

namespace LvsActors.Tests.Table;

/// <summary>
/// A hashing service ends listed in the kernel exactly as a director that filled it empty lists it, whatever the
/// kernel held before: the changes are played on a model of the kernel's list (removals leave, additions go to the
/// head, an edit keeps the place), the way __ip_vs_update_dest and __ip_vs_unlink_dest treat it.
/// </summary>
public sealed class ListedOrderTests
{
    private static readonly VirtualServiceKey Web = new AddressServiceKey(Protocol.Tcp, new Endpoint(IPAddress.Parse("203.0.113.100"), 80));

    private static DestinationEntry Rs(int host, int weight = 1) =>
        new(new Endpoint(IPAddress.Parse($"192.0.2.{host}"), 80), weight, ForwardingMethod.DirectRouting, null, Thresholds.None);

    private static ServiceEntry Service(string scheduler, params DestinationEntry[] destinations) =>
        new(Web, new SchedulerSpec(scheduler, SchedulerFlags.None), null, false, null, new ValueList<DestinationEntry>(destinations));

    /// <summary>The kernel's list of the one service after <paramref name="changes"/>, newest first.</summary>
    private static List<DestinationEntry> Kernel(ServiceEntry current, IEnumerable<TableChange> changes)
    {
        var listed = current.Destinations.ToList();
        foreach (var change in changes)
        {
            switch (change)
            {
                case RemoveDestination r:
                    Assert.Contains(listed, d => d.Endpoint == r.Endpoint);
                    listed.RemoveAll(d => d.Endpoint == r.Endpoint);
                    break;
                case AddDestination a:
                    Assert.DoesNotContain(listed, d => d.Endpoint == a.Destination.Endpoint);
                    listed.Insert(0, a.Destination);
                    break;
                case EditDestination e:
                    listed[listed.FindIndex(d => d.Endpoint == e.Destination.Endpoint)] = e.Destination;
                    break;
            }
        }
        return listed;
    }

    private static IReadOnlyList<TableChange> Diff(ServiceEntry current, ServiceEntry desired) =>
        ListedOrder.Restore([current], [desired], TableDiff.Compute([current], [desired]));

    [Fact]
    public void A_service_filled_in_the_desired_order_is_left_alone()
    {
        var desired = Service("mh", Rs(21), Rs(22), Rs(23));
        Assert.Empty(Diff(Service("mh", Rs(23), Rs(22), Rs(21)), desired));
    }

    [Fact]
    public void A_real_server_added_last_is_one_addition()
    {
        var changes = Diff(Service("mh", Rs(23), Rs(22), Rs(21)), Service("mh", Rs(21), Rs(22), Rs(23), Rs(24)));
        Assert.Equal([new AddDestination(Web, Rs(24))], changes);
    }

    [Fact]
    public void A_real_server_added_in_the_middle_moves_the_ones_after_it_to_the_head()
    {
        var current = Service("mh", Rs(23), Rs(22), Rs(21));
        var desired = Service("mh", Rs(21), Rs(24), Rs(22), Rs(23));
        var changes = Diff(current, desired);
        Assert.Equal(desired.Destinations.Reverse(), Kernel(current, changes));
        // 21 was already at the bottom: nothing touches it.
        Assert.DoesNotContain(changes, c => c is RemoveDestination r && r.Endpoint == Rs(21).Endpoint);
    }

    private static bool InOrder(List<Endpoint> listed, IEnumerable<Endpoint> wanted)
    {
        var at = -1;
        foreach (var endpoint in wanted)
        {
            at = listed.IndexOf(endpoint, at + 1);
            if (at < 0)
            {
                return false;
            }
        }
        return true;
    }

    [Fact]
    public void A_file_turned_upside_down_moves_all_but_one()
    {
        var current = Service("mh", Rs(24), Rs(23), Rs(22), Rs(21));
        var desired = Service("mh", Rs(24), Rs(23), Rs(22), Rs(21));
        var changes = Diff(current, desired);
        Assert.Equal(desired.Destinations.Reverse(), Kernel(current, changes));
        // 24, on top now, ends at the bottom without moving: the other three go above it.
        Assert.Equal(3, changes.OfType<RemoveDestination>().Count());
        Assert.DoesNotContain(changes, c => c is RemoveDestination r && r.Endpoint == Rs(24).Endpoint);
    }

    [Fact]
    public void A_reordered_file_is_listed_in_its_new_order_with_its_new_weights()
    {
        var current = Service("sh", Rs(23, 5), Rs(22), Rs(21));
        var desired = Service("sh", Rs(22), Rs(21), Rs(23, 2));
        Assert.Equal(desired.Destinations.Reverse(), Kernel(current, Diff(current, desired)));
    }

    [Fact]
    public void Order_does_not_matter_to_rr_and_the_diff_stays_as_it_was()
    {
        var current = Service("rr", Rs(21), Rs(22), Rs(23));
        var desired = Service("rr", Rs(21), Rs(22), Rs(23), Rs(24));
        var diff = TableDiff.Compute([current], [desired]);
        Assert.Same(diff, ListedOrder.Restore([current], [desired], diff));
    }

    [Fact]
    public void Other_services_keep_their_changes_and_their_place()
    {
        var other = new AddressServiceKey(Protocol.Tcp, new Endpoint(IPAddress.Parse("203.0.113.101"), 80));
        // The mh service holds the right real servers listed the wrong way round: 22 goes to the head, after the others' changes.
        var current = new[] { Service("mh", Rs(21), Rs(22)), Service("rr", Rs(21)) with { Key = other } };
        var desired = new[] { Service("mh", Rs(21), Rs(22)), Service("rr", Rs(21), Rs(22)) with { Key = other } };
        var changes = ListedOrder.Restore(current, desired, TableDiff.Compute(current, desired));
        Assert.Equal(new TableChange[] { new AddDestination(other, Rs(22)), new RemoveDestination(Web, Rs(22).Endpoint), new AddDestination(Web, Rs(22)) }, changes);
    }

    [Fact]
    public void Any_table_ends_listed_as_if_filled_empty_moving_only_what_is_above_the_right_tail()
    {
        var random = new Random(20261205);
        for (var round = 0; round < 2000; round++)
        {
            var pool = Enumerable.Range(21, 8).OrderBy(_ => random.Next()).ToList();
            var current = Service("mh", pool.Take(random.Next(0, 7)).Select(h => Rs(h, random.Next(0, 3))).ToArray());
            var desired = Service("mh", pool.OrderBy(_ => random.Next()).Take(random.Next(1, 8)).Select(h => Rs(h, random.Next(0, 3))).ToArray());
            var changes = Diff(current, desired);

            Assert.Equal(desired.Destinations.Reverse(), Kernel(current, changes));
            // As few moves as can be: all but the longest tail of the canonical order that the kernel already lists
            // in that order, found here top-down (the code searches bottom-up).
            var canonical = desired.Destinations.Reverse().Select(d => d.Endpoint).ToList();
            var listed = current.Destinations.Select(d => d.Endpoint).ToList();
            var longest = Enumerable.Range(0, canonical.Count + 1).Last(k => InOrder(listed, canonical.Skip(canonical.Count - k)));
            var moved = changes.OfType<RemoveDestination>().Count(r => canonical.Contains(r.Endpoint));
            Assert.Equal(listed.Count(canonical.Contains) - longest, moved);
            // The same diff applied again to what it made changes nothing.
            var made = Service("mh", Kernel(current, changes).ToArray());
            Assert.Empty(Diff(made, desired));
        }
    }
}
