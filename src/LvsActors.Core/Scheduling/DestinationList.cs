namespace LvsActors.Scheduling;

/// <summary>
/// A virtual service's real servers in the kernel's list order, with their connection counters, bound to one
/// scheduler. It performs list changes the way ip_vs_ctl.c does and calls the scheduler's hooks after each one.
/// </summary>
/// <remarks>
/// New servers go to the front (<c>list_add_rcu</c> in <c>__ip_vs_update_dest</c>), so index 0 is the most
/// recently added server. Not thread-safe.
/// </remarks>
public sealed class DestinationList
{
    private RealServerState[] _servers = new RealServerState[8];
    private ConnectionThresholds[] _thresholds = new ConnectionThresholds[8];
    private int _count;

    /// <summary>Creates an empty list and binds <paramref name="scheduler"/> to it (<c>init_service</c>).</summary>
    public DestinationList(IScheduler scheduler)
    {
        Scheduler = scheduler ?? throw new ArgumentNullException(nameof(scheduler));
        Scheduler.OnDestinationsChanged(Destinations, DestinationChange.Reset);
    }

    /// <summary>The scheduler bound to this list.</summary>
    public IScheduler Scheduler { get; }

    /// <summary>The servers, most recently added first.</summary>
    public ReadOnlySpan<RealServerState> Destinations => _servers.AsSpan(0, _count);

    /// <summary>Number of servers.</summary>
    public int Count => _count;

    /// <summary>Returns the index of <paramref name="key"/>, or -1.</summary>
    public int IndexOf(RealServerKey key)
    {
        for (var i = 0; i < _count; i++)
        {
            if (_servers[i].Port == key.Port && _servers[i].Address == key.Address)
                return i;
        }
        return -1;
    }

    /// <summary>Adds a server at the front of the list (ipvsadm -a).</summary>
    /// <exception cref="InvalidOperationException">The server is already in the list.</exception>
    public void Add(RealServerKey key, int weight, ConnectionThresholds thresholds = default)
    {
        ValidateWeight(weight);
        if (IndexOf(key) >= 0)
            throw new InvalidOperationException($"Real server {key} is already in the service.");
        if (_count == _servers.Length)
        {
            Array.Resize(ref _servers, _count * 2);
            Array.Resize(ref _thresholds, _count * 2);
        }
        Array.Copy(_servers, 0, _servers, 1, _count);
        Array.Copy(_thresholds, 0, _thresholds, 1, _count);
        _servers[0] = new RealServerState(key, weight);
        _thresholds[0] = thresholds;
        _count++;
        Scheduler.OnDestinationsChanged(Destinations, new DestinationChange(DestinationChangeKind.Added, 0));
    }

    /// <summary>Removes a server (ipvsadm -d); returns false when it is not in the list.</summary>
    public bool Remove(RealServerKey key)
    {
        var index = IndexOf(key);
        if (index < 0)
            return false;
        Array.Copy(_servers, index + 1, _servers, index, _count - index - 1);
        Array.Copy(_thresholds, index + 1, _thresholds, index, _count - index - 1);
        _count--;
        _servers[_count] = default;
        Scheduler.OnDestinationsChanged(Destinations, new DestinationChange(DestinationChangeKind.Removed, index));
        return true;
    }

    /// <summary>Changes a server's weight and thresholds (ipvsadm -e).</summary>
    /// <exception cref="KeyNotFoundException">The server is not in the list.</exception>
    public void Edit(RealServerKey key, int weight, ConnectionThresholds thresholds)
    {
        ValidateWeight(weight);
        var index = IndexOf(key);
        if (index < 0)
            throw new KeyNotFoundException($"Real server {key} is not in the service.");
        var overloaded = thresholds.AfterEdit(_servers[index].Overloaded, _thresholds[index]);
        _servers[index] = _servers[index] with { Weight = weight, Overloaded = overloaded };
        _thresholds[index] = thresholds;
        Scheduler.OnDestinationsChanged(Destinations, new DestinationChange(DestinationChangeKind.Updated, index));
    }

    /// <summary>Runs the scheduler for a new connection; returns the chosen index or <see cref="IScheduler.NoDestination"/>.</summary>
    public int Schedule(in PacketAddressing packet) => Scheduler.Schedule(Destinations, packet);

    /// <summary>Counts a new active connection on the server at <paramref name="index"/> (<c>ip_vs_bind_dest</c>).</summary>
    public void BindConnection(int index)
    {
        ref var s = ref _servers[CheckIndex(index)];
        var active = s.ActiveConnections + 1;
        s = s with
        {
            ActiveConnections = active,
            Overloaded = _thresholds[index].AfterBind(s.Overloaded, active + s.InactiveConnections),
        };
    }

    /// <summary>Moves one connection from active to inactive, e.g. into TIME_WAIT (ip_vs_proto_tcp.c <c>set_tcp_state</c>).</summary>
    public void DeactivateConnection(int index)
    {
        ref var s = ref _servers[CheckIndex(index)];
        s = s with { ActiveConnections = s.ActiveConnections - 1, InactiveConnections = s.InactiveConnections + 1 };
    }

    /// <summary>Forgets one connection entry of the server (<c>ip_vs_unbind_dest</c>), active or inactive.</summary>
    public void UnbindConnection(int index, bool active)
    {
        ref var s = ref _servers[CheckIndex(index)];
        var a = s.ActiveConnections - (active ? 1 : 0);
        var i = s.InactiveConnections - (active ? 0 : 1);
        s = s with { ActiveConnections = a, InactiveConnections = i, Overloaded = _thresholds[index].AfterUnbind(s.Overloaded, a + i) };
    }

    private int CheckIndex(int index) =>
        (uint)index < (uint)_count ? index : throw new ArgumentOutOfRangeException(nameof(index));

    private static void ValidateWeight(int weight)
    {
        if (weight is < 0 or > 65535)
            throw new ArgumentOutOfRangeException(nameof(weight), weight, "A real server's weight must be 0–65535.");
    }
}
