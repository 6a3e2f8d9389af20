using System.Net;
using LvsActors.Model;
using LvsActors.Scheduling;
using LvsActors.Table;

namespace LvsActors.Director.DataPlanes.Userspace;

/// <summary>
/// The scheduling state of one proxied virtual service: its <see cref="DestinationList"/> with real connection
/// counts, its persistence templates, and its table entry. One lock guards it all, as the kernel's
/// <c>svc->sched_lock</c> does; it is held for a scheduling decision or a counter update, never across I/O.
/// </summary>
internal sealed class ProxiedService
{
    private readonly Lock _lock = new();
    private readonly UserspaceOptions _options;
    private readonly List<ProxiedRealServer> _servers = [];
    private readonly PersistenceTemplates _templates = new();
    private DestinationList _destinations;
    private ServiceEntry _entry;
    private PersistenceMask? _persistenceMask;
    private long _persistenceMilliseconds;
    private volatile bool _onePacket;

    public ProxiedService(ServiceEntry entry, UserspaceOptions options)
    {
        if (entry.Key is not AddressServiceKey key)
            throw new ArgumentException("The userspace proxy serves address services only.", nameof(entry));
        _options = options;
        Key = key;
        Vip = new IPEndPoint(key.Endpoint.Address, key.Endpoint.Port);
        VipAddress = InetAddress.FromIPAddress(key.Endpoint.Address);
        _entry = entry with { Destinations = ValueList<DestinationEntry>.Empty };
        _destinations = new DestinationList(SchedulerFactory.Create(entry.Scheduler, options.Scheduling));
        SetPersistence(entry);
    }

    public AddressServiceKey Key { get; }

    public IPEndPoint Vip { get; }

    public InetAddress VipAddress { get; }

    /// <summary>Schedule every datagram on its own (ipvsadm -o); read per datagram without the lock.</summary>
    public bool OnePacket => _onePacket;

    /// <summary>Applies an edited service: a new scheduler gets a new list with the counters carried over.</summary>
    public void Edit(ServiceEntry entry)
    {
        lock (_lock)
        {
            if (entry.Scheduler != _entry.Scheduler)
                SwapScheduler(SchedulerFactory.Create(entry.Scheduler, _options.Scheduling));
            if (entry.Persistence != _entry.Persistence)
                _templates.Clear();
            _entry = entry with { Destinations = _entry.Destinations };
            SetPersistence(entry);
        }
    }

    public void AddDestination(DestinationEntry destination)
    {
        var server = new ProxiedRealServer(destination.Endpoint, ToThresholds(destination.Thresholds));
        lock (_lock)
        {
            _destinations.Add(server.Key, destination.Weight, server.Thresholds);
            _servers.Insert(0, server);
            Reindex();
        }
    }

    public void EditDestination(DestinationEntry destination)
    {
        lock (_lock)
        {
            var server = Find(destination.Endpoint);
            server.Thresholds = ToThresholds(destination.Thresholds);
            _destinations.Edit(server.Key, destination.Weight, server.Thresholds);
        }
    }

    public void RemoveDestination(Endpoint endpoint)
    {
        lock (_lock)
        {
            var server = Find(endpoint);
            _destinations.Remove(server.Key);
            _servers.RemoveAt(server.Index);
            server.Index = -1;
            Reindex();
        }
    }

    /// <summary>
    /// Chooses a real server for a new connection (a TCP service: counted active) or flow (a UDP service: counted
    /// inactive, as the kernel counts UDP entries), honouring persistence as <c>ip_vs_sched_persist</c> does. With
    /// <paramref name="exclude"/> (a server that just refused) the scheduler is asked again, up to once per server,
    /// until it names another; hashing schedulers that insist on the same server give no binding.
    /// </summary>
    public Binding Schedule(in ClientEndpoint client, ProxiedRealServer? exclude)
    {
        var packet = new PacketAddressing(client.Address, client.Port, VipAddress, (ushort)Vip.Port);
        lock (_lock)
        {
            PersistenceTemplate? template = null;
            ProxiedRealServer? server = null;
            InetAddress network = default;
            if (_persistenceMask is { } mask)
            {
                network = mask.Network(client);
                template = _templates.Find(network);
                if (template is not null && IsUsable(template.Server) && template.Server != exclude)
                    server = template.Server;
            }
            server ??= ScheduleNew(packet, exclude);
            if (server is null)
                return default;
            if (_persistenceMask is not null)
            {
                template = _templates.Bind(network, server);
                template.Controlled++;
                template.ExpiresAt = Environment.TickCount64 + _persistenceMilliseconds;
            }
            _destinations.BindConnection(server.Index);
            if (Key.Protocol != Protocol.Tcp)
                _destinations.DeactivateConnection(server.Index);
            return new Binding(server, template);
        }
    }

    /// <summary>Updates the counters when a connection or flow ends.</summary>
    public void Release(in Binding binding, ConnectionEnd end)
    {
        var server = binding.Server!;
        lock (_lock)
        {
            if (binding.Template is { } template)
                template.Controlled--;
            if (server.Removed)
                return;
            switch (end)
            {
                case ConnectionEnd.Closed:
                    _destinations.DeactivateConnection(server.Index);
                    server.Inactive.Add(RoundUp(Environment.TickCount64 + (long)_options.TcpInactiveTimeout.TotalMilliseconds));
                    break;
                case ConnectionEnd.Failed:
                    _destinations.UnbindConnection(server.Index, active: true);
                    break;
                case ConnectionEnd.FlowExpired:
                    _destinations.UnbindConnection(server.Index, active: false);
                    break;
            }
        }
    }

    /// <summary>Stops counting closed connections whose inactive time is over, and forgets expired templates.</summary>
    public void Expire(long now)
    {
        lock (_lock)
        {
            foreach (var server in _servers)
            {
                for (var due = server.Inactive.TakeDue(now); due > 0; due--)
                    _destinations.UnbindConnection(server.Index, active: false);
            }
            _templates.Expire(now);
        }
    }

    public IReadOnlyList<RealServerCounters> Counters()
    {
        lock (_lock)
        {
            var result = new List<RealServerCounters>(_servers.Count);
            var states = _destinations.Destinations;
            for (var i = 0; i < _servers.Count; i++)
            {
                var s = states[i];
                result.Add(new RealServerCounters(_servers[i].Endpoint, s.Weight, s.ActiveConnections, s.InactiveConnections,
                    _templates.CountFor(_servers[i]), s.Overloaded));
            }
            return result;
        }
    }

    private ProxiedRealServer? ScheduleNew(in PacketAddressing packet, ProxiedRealServer? exclude)
    {
        for (var attempt = 0; attempt < Math.Max(1, _servers.Count); attempt++)
        {
            var index = _destinations.Schedule(packet);
            if (index == IScheduler.NoDestination)
                return null;
            if (_servers[index] != exclude)
                return _servers[index];
        }
        return null;
    }

    // ip_vs_check_template: a removed server never binds; a quiescent one only when templates outlive quiescence.
    private bool IsUsable(ProxiedRealServer server) =>
        !server.Removed && !(_options.ExpireQuiescentTemplates && _destinations.Destinations[server.Index].Weight == 0);

    private void SwapScheduler(IScheduler scheduler)
    {
        var old = _destinations.Destinations;
        var list = new DestinationList(scheduler);
        // Adding the last server first rebuilds the kernel's order, since each addition goes to the front.
        for (var i = old.Length - 1; i >= 0; i--)
            list.Add(old[i].Key, old[i].Weight, _servers[i].Thresholds);
        for (var i = 0; i < old.Length; i++)
        {
            for (var n = 0; n < old[i].ActiveConnections + old[i].InactiveConnections; n++)
                list.BindConnection(i);
            for (var n = 0; n < old[i].InactiveConnections; n++)
                list.DeactivateConnection(i);
        }
        _destinations = list;
    }

    private void SetPersistence(ServiceEntry entry)
    {
        _persistenceMask = entry.Persistence is { } p ? PersistenceMask.For(p, Key.Family) : null;
        _persistenceMilliseconds = (entry.Persistence?.Timeout ?? 0) * 1000L;
        _onePacket = entry.OnePacket && Key.Protocol == Protocol.Udp;
    }

    private ProxiedRealServer Find(Endpoint endpoint)
    {
        foreach (var server in _servers)
        {
            if (server.Endpoint == endpoint)
                return server;
        }
        throw new KeyNotFoundException($"Real server {endpoint} is not in {Key}.");
    }

    private void Reindex()
    {
        for (var i = 0; i < _servers.Count; i++)
            _servers[i].Index = i;
    }

    private long RoundUp(long due)
    {
        var granularity = _options.SweepMilliseconds;
        return (due + granularity - 1) / granularity * granularity;
    }

    private static ConnectionThresholds ToThresholds(Thresholds t) =>
        new((int)Math.Min(t.Upper, int.MaxValue), (int)Math.Min(t.Lower, int.MaxValue));
}
