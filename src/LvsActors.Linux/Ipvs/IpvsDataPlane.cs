using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using LvsActors.Linux.Netlink;
using LvsActors.Table;

namespace LvsActors.Linux.Ipvs;

/// <summary>
/// Programs the kernel's IPVS in this process's network namespace over generic netlink. Each apply reconciles:
/// it dumps the kernel's table, diffs it by key against the desired one (counters and the kernel's HASHED flag
/// ignored), and sends only the differences, many requests per datagram. The desired table is the whole truth:
/// services nobody asked for are removed. Re-applying an unchanged table sends nothing. One call at a time, as
/// <see cref="IDataPlane"/> promises: the netlink socket is not shared between threads.
/// </summary>
public sealed class IpvsDataPlane : IDataPlane
{
    // How many failed operations an error message quotes before summing up the rest.
    private const int QuotedFailures = 3;

    private readonly IpvsClient _client;

    private IpvsDataPlane(IpvsClient client) => _client = client;

    /// <inheritdoc/>
    public string Name => "ipvs";

    /// <summary>Where the last apply spent its time; null before the first.</summary>
    public IpvsApplyTimings? LastApply { get; private set; }

    /// <summary>
    /// Opens IPVS and checks that we may program it (the IPVS family resolves and GET_INFO is allowed, which needs
    /// CAP_NET_ADMIN). Throws <see cref="DataPlaneException"/> saying why not.
    /// </summary>
    public static IpvsDataPlane Open() =>
        TryOpen(out var plane, out var reason) ? plane : throw new DataPlaneException(reason);

    /// <summary>
    /// Opens IPVS as <see cref="Open"/> does; false with the reason (for the log of <c>data-plane = auto</c>) when
    /// the kernel has no IPVS or we lack CAP_NET_ADMIN.
    /// </summary>
    public static bool TryOpen([NotNullWhen(true)] out IpvsDataPlane? plane, out string reason)
    {
        plane = null;
        IpvsClient? client = null;
        try
        {
            client = IpvsClient.Open();
            var info = client.GetInfo();
            plane = new IpvsDataPlane(client);
            reason = $"IPVS {info.VersionText} (connection table size {info.ConnectionTableSize}) in this network namespace";
            return true;
        }
        catch (NetlinkException e)
        {
            client?.Dispose();
            reason = e.Message;
            return false;
        }
    }

    /// <summary>Reads the kernel's table with its counters: what <c>ipvsadm -Ln --stats</c> shows.</summary>
    public LiveTable ReadTable()
    {
        try
        {
            var info = _client.GetInfo();
            var services = new List<LiveService>();
            foreach (var dumped in _client.GetServices())
            {
                var destinations = _client.GetDestinations(dumped.Service.Key)
                    .Select(d => new LiveDestination(
                        IpvsMapping.FromKernel(d.Destination), d.ActiveConnections, d.InactiveConnections, IpvsMapping.FromKernel(d.Stats))
                    {
                        LocalNode = d.Destination.ForwardingMethod == IpvsForwardingMethod.LocalNode,
                    })
                    .ToList();
                var entry = IpvsMapping.FromKernel(dumped.Service, destinations.Select(d => d.Entry));
                services.Add(new LiveService(entry, IpvsMapping.FromKernel(dumped.Stats), destinations));
            }
            return new LiveTable(info.VersionText, info.ConnectionTableSize, services);
        }
        catch (NetlinkException e)
        {
            throw new DataPlaneException(e.Message, e);
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<TableChange>> ApplyAsync(IReadOnlyCollection<ServiceEntry> desired, CancellationToken cancellationToken, KeptServices? kept = null) =>
        // Netlink calls block; keep them off the caller's thread (an actor's dispatcher).
        Task.Run(() => Apply(desired, kept), cancellationToken);

    /// <summary>Closes the netlink socket.</summary>
    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    private IReadOnlyList<TableChange> Apply(IReadOnlyCollection<ServiceEntry> desired, KeptServices? kept)
    {
        var stopwatch = Stopwatch.StartNew();
        var target = desired.Select(IpvsMapping.AsKernelReports).ToList();
        var current = ReadEntries();
        var read = stopwatch.Elapsed;
        var changes = ListedOrder.Restore(current, target, TableDiff.Compute(current, target, kept));
        var diffed = stopwatch.Elapsed;
        LastApply = new IpvsApplyTimings(read, diffed - read, TimeSpan.Zero, changes.Count);
        if (changes.Count == 0)
        {
            return changes;
        }
        IReadOnlyList<IpvsOperationResult> results;
        try
        {
            results = _client.Execute(changes.Select(ToOperation).ToList());
        }
        catch (Exception e) when (e is NetlinkException or ArgumentException)
        {
            throw new DataPlaneException(e.Message, e);
        }
        LastApply = LastApply with { Write = stopwatch.Elapsed - diffed };
        var failed = results.Where(r => !r.Succeeded).ToList();
        if (failed.Count > 0)
        {
            var quoted = string.Join("; ", failed.Take(QuotedFailures).Select(r => r.Error!.Message));
            var more = failed.Count > QuotedFailures ? $" (and {failed.Count - QuotedFailures} more of {changes.Count} changes failed)" : "";
            throw new DataPlaneException(quoted + more, failed[0].Error);
        }
        return changes;
    }

    private List<ServiceEntry> ReadEntries()
    {
        try
        {
            // A dump resumes by index, so a table another program changes meanwhile can list an entry twice: keep one.
            return _client.GetServices()
                .DistinctBy(s => s.Service.Key)
                .Select(s => IpvsMapping.FromKernel(
                    s.Service,
                    _client.GetDestinations(s.Service.Key).Select(d => IpvsMapping.FromKernel(d.Destination)).DistinctBy(d => d.Endpoint)))
                .ToList();
        }
        catch (NetlinkException e)
        {
            throw new DataPlaneException(e.Message, e);
        }
    }

    private static IpvsOperation ToOperation(TableChange change) => change switch
    {
        AddService a => new IpvsOperation.AddService(IpvsMapping.ToKernel(a.Entry)),
        EditService e => new IpvsOperation.UpdateService(IpvsMapping.ToKernel(e.Entry)),
        RemoveService r => new IpvsOperation.DeleteService(IpvsMapping.ToKernel(r.Key)),
        AddDestination d => new IpvsOperation.AddDestination(IpvsMapping.ToKernel(d.Key), IpvsMapping.ToKernel(d.Destination)),
        EditDestination d => new IpvsOperation.UpdateDestination(IpvsMapping.ToKernel(d.Key), IpvsMapping.ToKernel(d.Destination)),
        RemoveDestination d => new IpvsOperation.DeleteDestination(
            IpvsMapping.ToKernel(d.Key), new IpvsDestination(d.Endpoint.Address, d.Endpoint.Port)),
        _ => throw new ArgumentOutOfRangeException(nameof(change), change, "unknown table change"),
    };
}

/// <summary>Where one apply of the IPVS data plane spent its time.</summary>
/// <param name="ReadTable">Mapping the desired table and dumping the kernel's services and destinations.</param>
/// <param name="Diff">Computing the changes.</param>
/// <param name="Write">Sending the changes and reading their acks; zero when nothing changed.</param>
/// <param name="Changes">How many changes were sent.</param>
public sealed record IpvsApplyTimings(TimeSpan ReadTable, TimeSpan Diff, TimeSpan Write, int Changes);
