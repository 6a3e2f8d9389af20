namespace LvsActors.Scheduling;

/// <summary>How the destination list of a service changed (the kernel's scheduler hooks).</summary>
public enum DestinationChangeKind
{
    /// <summary>The scheduler was bound to a service (<c>init_service</c>): rebuild all state.</summary>
    Reset,

    /// <summary>A destination was inserted at <see cref="DestinationChange.Index"/> (<c>add_dest</c>).</summary>
    Added,

    /// <summary>The destination that was at <see cref="DestinationChange.Index"/> is gone (<c>del_dest</c>).</summary>
    Removed,

    /// <summary>The destination at <see cref="DestinationChange.Index"/> changed weight (<c>upd_dest</c>).</summary>
    Updated,
}

/// <summary>One change to a service's destination list.</summary>
public readonly record struct DestinationChange(DestinationChangeKind Kind, int Index)
{
    /// <summary>The change that (re)binds a scheduler to a whole list.</summary>
    public static DestinationChange Reset => new(DestinationChangeKind.Reset, 0);
}

/// <summary>
/// One IPVS scheduling algorithm bound to one virtual service. Not thread-safe: the owner serialises calls,
/// as the kernel does with <c>svc->sched_lock</c>.
/// </summary>
/// <remarks>
/// The destinations span is always in the kernel's list order (<c>svc->destinations</c>): the kernel adds a
/// destination at the head of the list (ip_vs_ctl.c <c>__ip_vs_update_dest</c>: <c>list_add_rcu</c>), so the most
/// recently added server comes first. <see cref="DestinationList"/> keeps that order for you.
/// </remarks>
public interface IScheduler
{
    /// <summary>Returned by <see cref="Schedule"/> when no destination is available.</summary>
    const int NoDestination = -1;

    /// <summary>The kernel's name for the algorithm ("rr", "wrr", …).</summary>
    string Name { get; }

    /// <summary>Chooses a destination for a new connection and returns its index in <paramref name="destinations"/>,
    /// or <see cref="NoDestination"/>.</summary>
    int Schedule(ReadOnlySpan<RealServerState> destinations, in PacketAddressing packet);

    /// <summary>Tells the scheduler that the list changed; <paramref name="destinations"/> is the list after the change.</summary>
    void OnDestinationsChanged(ReadOnlySpan<RealServerState> destinations, in DestinationChange change);
}
