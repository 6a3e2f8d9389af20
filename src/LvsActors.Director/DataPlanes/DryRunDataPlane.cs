using LvsActors.Rendering;
using LvsActors.Table;

namespace LvsActors.Director.DataPlanes;

/// <summary>
/// Keeps the table in memory and renders it as <c>ipvsadm -S -n</c>; the stand-in for the kernel in actor tests,
/// as Seesaw's dummy ncc client is. It applies the same minimal diff a real data plane applies.
/// </summary>
public sealed class DryRunDataPlane : IDataPlane
{
    private IReadOnlyList<ServiceEntry> _table = [];

    public string Name => "dry-run";

    /// <summary>Every change ever applied, in order; tests read it to prove an unchanged service caused no write.</summary>
    public IReadOnlyList<TableChange> History
    {
        get
        {
            lock (_history)
            {
                return _history.ToList();
            }
        }
    }

    private readonly List<TableChange> _history = [];

    /// <summary>The table as it stands.</summary>
    public IReadOnlyList<ServiceEntry> Table => Volatile.Read(ref _table);

    /// <summary>The table as <c>ipvsadm -S -n</c> would print it.</summary>
    public string Render() => IpvsadmSave.Render(Table);

    public Task<IReadOnlyList<TableChange>> ApplyAsync(IReadOnlyCollection<ServiceEntry> desired, CancellationToken cancellationToken, KeptServices? kept = null)
    {
        var changes = TableDiff.Compute(_table, desired, kept);
        lock (_history)
        {
            _history.AddRange(changes);
        }
        Volatile.Write(ref _table, TableDiff.Apply(_table, changes));
        return Task.FromResult(changes);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
