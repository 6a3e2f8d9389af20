using System.Net.Sockets;
using LvsActors.Model;
using LvsActors.Table;
using Serilog;

namespace LvsActors.Director.DataPlanes.Userspace;

/// <summary>
/// The <c>userspace</c> data plane: an in-process L4 proxy (TCP and UDP) that listens on each virtual service's
/// VIP:port and spreads new connections and flows over the real servers with the kernel-faithful schedulers, real
/// active/inactive counts, persistence, thresholds and one-packet scheduling. It behaves like NAT forwarding
/// whatever the table's forwarding method says. Firewall-mark, SCTP and port-0 services need the ipvs data plane.
/// </summary>
/// <remarks>
/// Only the DataPlaneActor calls <see cref="ApplyAsync(IReadOnlyCollection{ServiceEntry}, CancellationToken, KeptServices)"/>; TCP is relayed on
/// the data plane's own <see cref="LvsActors.Linux.Relay.TcpRelayEngine"/> thread, UDP on socket completions (hosts that
/// run nothing else blocking can set <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1</c> to save a thread-pool hop
/// per datagram).
/// </remarks>
public sealed class UserspaceDataPlane : IDataPlane
{
    private readonly ProxyRuntime _runtime;
    private readonly Dictionary<VirtualServiceKey, (ProxiedService Service, IServiceListener Listener)> _services = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _sweeper;
    private volatile ProxiedService[] _sweepable = [];
    private IReadOnlyList<ServiceEntry> _table = [];
    private bool _disposed;

    /// <summary>Creates a data plane with nothing to serve; <see cref="ApplyAsync(IReadOnlyCollection{ServiceEntry}, CancellationToken, KeptServices)"/> opens the listeners.</summary>
    /// <param name="options">Timeouts and limits; <see cref="UserspaceOptions.Default"/> when null.</param>
    /// <param name="log">Where to log; Serilog's static logger when null.</param>
    public UserspaceDataPlane(UserspaceOptions? options = null, ILogger? log = null)
    {
        _runtime = new ProxyRuntime(options ?? UserspaceOptions.Default, (log ?? Serilog.Log.Logger).ForContext<UserspaceDataPlane>());
        _sweeper = SweepAsync(_stopping.Token);
    }

    public string Name => "userspace";

    /// <summary>The table as applied.</summary>
    public IReadOnlyList<ServiceEntry> Table => Volatile.Read(ref _table);

    /// <summary>Open TCP connections, from accept until both legs are closed.</summary>
    public int TcpConnectionCount => _runtime.Tcp.Count;

    /// <summary>Open UDP flows and one-packet exchanges.</summary>
    public int UdpFlowCount => _runtime.Udp.Count;

    /// <summary>The services that have a listening socket.</summary>
    public IReadOnlyList<VirtualServiceKey> Listening
    {
        get
        {
            lock (_services)
            {
                return [.. _services.Keys];
            }
        }
    }

    /// <summary>A service's real servers with their counters, in the kernel's list order (newest first).</summary>
    /// <exception cref="KeyNotFoundException">The service is not in the table.</exception>
    public IReadOnlyList<RealServerCounters> Counters(VirtualServiceKey service)
    {
        lock (_services)
        {
            return _services.TryGetValue(service, out var s)
                ? s.Service.Counters()
                : throw new KeyNotFoundException($"Virtual service {service} is not in the userspace table.");
        }
    }

    public async Task<IReadOnlyList<TableChange>> ApplyAsync(IReadOnlyCollection<ServiceEntry> desired, CancellationToken cancellationToken, KeptServices? kept = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        foreach (var entry in desired)
            Validate(entry.Key);
        var changes = TableDiff.Compute(_table, desired, kept);
        var applied = 0;
        try
        {
            for (; applied < changes.Count; applied++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await ApplyAsync(changes[applied]);
            }
        }
        finally
        {
            Volatile.Write(ref _table, TableDiff.Apply(_table, changes.Take(applied)));
            lock (_services)
            {
                _sweepable = [.. _services.Values.Select(s => s.Service)];
            }
        }
        return changes;
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        _disposed = true;
        List<IServiceListener> listeners;
        lock (_services)
        {
            listeners = [.. _services.Values.Select(s => s.Listener)];
            _services.Clear();
            _sweepable = [];
        }
        foreach (var listener in listeners)
            await listener.CloseAsync();
        var open = new List<TrackedConnection>();
        _runtime.Tcp.Collect(0, all: true, open);
        _runtime.Udp.Collect(0, all: true, open);
        foreach (var connection in open)
            connection.Abort();
        // Aborted relays end within a few socket completions; bounded, so a stuck peer cannot hold up a shutdown.
        for (var waited = 0; waited < 100 && _runtime.Tcp.Count + _runtime.Udp.Count > 0; waited++)
            await Task.Delay(20);
        await _stopping.CancelAsync();
        await _sweeper;
        _stopping.Dispose();
        _runtime.Relays.Dispose();
    }

    private async Task ApplyAsync(TableChange change)
    {
        switch (change)
        {
            case AddService add:
                Open(add.Entry);
                break;
            case RemoveService remove:
                IServiceListener listener;
                lock (_services)
                {
                    listener = _services[remove.Key].Listener;
                    _services.Remove(remove.Key);
                }
                await listener.CloseAsync();
                _runtime.Log.Information("{VirtualService}: stopped listening", remove.Key);
                break;
            case EditService edit:
                Guard(edit, () => Service(edit.Entry.Key).Edit(edit.Entry));
                break;
            case AddDestination add:
                Guard(add, () => Service(add.Key).AddDestination(add.Destination));
                break;
            case EditDestination edit:
                Guard(edit, () => Service(edit.Key).EditDestination(edit.Destination));
                break;
            case RemoveDestination remove:
                Guard(remove, () => Service(remove.Key).RemoveDestination(remove.Endpoint));
                break;
        }
    }

    private void Open(ServiceEntry entry)
    {
        ProxiedService service = null!;
        Guard(new AddService(entry), () => service = new ProxiedService(entry, _runtime.Options));
        IServiceListener listener;
        try
        {
            listener = service.Key.Protocol == Protocol.Tcp
                ? TcpServiceListener.Open(service, _runtime)
                : UdpServiceListener.Open(service, _runtime);
        }
        catch (SocketException e)
        {
            throw new DataPlaneException(
                $"userspace: listen on {entry.Key}: {e.Message} — the VIP must be an address of this host and the port free.", e);
        }
        lock (_services)
        {
            _services.Add(entry.Key, (service, listener));
        }
        _runtime.Log.Information("{VirtualService}: listening with {Scheduler}", entry.Key, entry.Scheduler);
    }

    private ProxiedService Service(VirtualServiceKey key)
    {
        lock (_services)
        {
            return _services[key].Service;
        }
    }

    // Errors a table can cause (a weight out of range, an unknown scheduler, a real server listed twice) become
    // DataPlaneExceptions that name the change.
    private static void Guard(TableChange change, Action apply)
    {
        try
        {
            apply();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            throw new DataPlaneException($"userspace: {change}: {e.Message}", e);
        }
    }

    private static void Validate(VirtualServiceKey key)
    {
        switch (key)
        {
            case FirewallMarkServiceKey:
                throw new DataPlaneException($"userspace: {key}: fwmark services need the ipvs data plane (the proxy listens on an address and port).");
            case AddressServiceKey { Protocol: Protocol.Sctp }:
                throw new DataPlaneException($"userspace: {key}: SCTP services need the ipvs data plane; the proxy serves TCP and UDP.");
            case AddressServiceKey { Port: 0 }:
                throw new DataPlaneException($"userspace: {key}: a port-0 (all ports) service needs the ipvs data plane; give the service a port.");
        }
    }

    // One loop for every timeout: connect, idle, UDP flow, one-packet window, inactive counters and persistence.
    private async Task SweepAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(_runtime.Options.SweepInterval);
        var expired = new List<TrackedConnection>();
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                try
                {
                    Sweep(Environment.TickCount64, expired);
                }
                catch (Exception e)
                {
                    _runtime.Log.Error(e, "Userspace data plane: a timeout sweep failed; the next one runs as usual");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }

    private void Sweep(long now, List<TrackedConnection> expired)
    {
        expired.Clear();
        _runtime.Tcp.Collect(now, all: false, expired);
        _runtime.Udp.Collect(now, all: false, expired);
        foreach (var connection in expired)
            connection.Expire();
        foreach (var service in _sweepable)
            service.Expire(now);
    }
}
