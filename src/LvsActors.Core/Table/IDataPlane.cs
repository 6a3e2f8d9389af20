namespace LvsActors.Table;

/// <summary>
/// Where the table is programmed: the kernel's IPVS, the userspace proxy, or memory. Only the DataPlaneActor calls
/// it, one call at a time, so implementations need no locking.
/// </summary>
public interface IDataPlane : IAsyncDisposable
{
    /// <summary>A short name for logs: "ipvs", "userspace", "dry-run".</summary>
    string Name { get; }

    /// <summary>
    /// Brings the data plane to exactly <paramref name="desired"/> and returns the changes it made; none when it
    /// already matched. Throws <see cref="DataPlaneException"/> with a message that says what and where.
    /// </summary>
    /// <param name="kept">Services left as the data plane holds them when <paramref name="desired"/> lacks them (none by
    /// default): what a starting or reloading director has not heard from yet.</param>
    Task<IReadOnlyList<TableChange>> ApplyAsync(IReadOnlyCollection<ServiceEntry> desired, CancellationToken cancellationToken, KeptServices? kept = null);
}

/// <summary>A data plane refused a change; the message names the operation and the object.</summary>
public sealed class DataPlaneException(string message, Exception? inner = null) : Exception(message, inner);
