using System.Collections.Immutable;

namespace LvsActors.Director.Intent;

/// <summary>
/// Operator intent, which the configuration file does not hold: per virtual service, its maintenance and what was
/// asked of each real server. Real servers are keyed by their canonical text ("198.51.100.11:80"). Immutable; the
/// AdminState folds its events into it with <see cref="Apply"/>.
/// </summary>
public sealed record AdminIntent(ImmutableSortedDictionary<string, ServiceIntent> Services) : IAdminMessage
{
    /// <summary>No intent: everything as configured.</summary>
    public static readonly AdminIntent Empty = new(ImmutableSortedDictionary.Create<string, ServiceIntent>(StringComparer.Ordinal));

    /// <summary>The intent for one virtual service (empty when there is none).</summary>
    public ServiceIntent For(string virtualService) => Services.GetValueOrDefault(virtualService) ?? ServiceIntent.Empty;

    /// <summary>The intent after <paramref name="e"/>.</summary>
    public AdminIntent Apply(IAdminEvent e)
    {
        var service = For(e.VirtualService);
        var next = e switch
        {
            ServiceMaintenanceStarted => service with { Maintenance = true },
            ServiceMaintenanceEnded => service with { Maintenance = false },
            RealServerDrained d => service.Update(d.RealServer, rs => rs with { Drain = new Drain(d.At, d.Deadline, false) }),
            DrainCompleted d => service.Update(d.RealServer, rs => rs.Drain is null ? rs : rs with { Drain = rs.Drain with { Completed = true } }),
            RealServerRestored r => service.Update(r.RealServer, rs => rs with { Drain = null, Maintenance = false, Weight = null, Removed = false }),
            WeightOverridden w => service.Update(w.RealServer, rs => rs with { Weight = w.Weight }),
            RealServerMaintenanceStarted m => service.Update(m.RealServer, rs => rs with { Maintenance = true }),
            RealServerAdded a => service.Update(a.RealServer, _ => RealServerIntent.Empty with { Added = new RuntimeRealServer(a.Weight, a.ChecksLike) }),
            // A runtime-added server is forgotten; a configured one is marked removed, with its other intent cleared.
            RealServerRemoved r => service.Update(r.RealServer, rs => rs.Added is not null ? RealServerIntent.Empty : RealServerIntent.Empty with { Removed = true }),
            _ => throw new ArgumentException($"unknown admin event {e.GetType().Name}", nameof(e)),
        };
        return new AdminIntent(next.IsEmpty ? Services.Remove(e.VirtualService) : Services.SetItem(e.VirtualService, next));
    }

    /// <summary>Drains still waiting for their deadline or last connection, for the AdminState's timers.</summary>
    public IEnumerable<(string VirtualService, string RealServer, Drain Drain)> PendingDrains() =>
        from s in Services
        from rs in s.Value.RealServers
        where rs.Value.Drain is { Completed: false }
        select (s.Key, rs.Key, rs.Value.Drain!);
}

/// <summary>What the operator asked of one virtual service.</summary>
/// <param name="Maintenance">The whole service is out: every real server as in maintenance.</param>
public sealed record ServiceIntent(bool Maintenance, ImmutableSortedDictionary<string, RealServerIntent> RealServers)
{
    /// <summary>Nothing asked.</summary>
    public static readonly ServiceIntent Empty = new(false, ImmutableSortedDictionary.Create<string, RealServerIntent>(StringComparer.Ordinal));

    /// <summary>True when nothing is asked, so the service can be dropped from the intent.</summary>
    public bool IsEmpty => !Maintenance && RealServers.IsEmpty;

    /// <summary>The intent for one real server (empty when there is none).</summary>
    public RealServerIntent For(string realServer) => RealServers.GetValueOrDefault(realServer) ?? RealServerIntent.Empty;

    internal ServiceIntent Update(string realServer, Func<RealServerIntent, RealServerIntent> change)
    {
        var next = change(For(realServer));
        return this with { RealServers = next == RealServerIntent.Empty ? RealServers.Remove(realServer) : RealServers.SetItem(realServer, next) };
    }
}

/// <summary>What the operator asked of one real server.</summary>
/// <param name="Weight">A weight that replaces the configured one, or null.</param>
/// <param name="Added">Set for a real server added at runtime.</param>
/// <param name="Removed">A configured real server removed at runtime.</param>
public sealed record RealServerIntent(Drain? Drain, int? Weight, bool Maintenance, RuntimeRealServer? Added, bool Removed)
{
    /// <summary>Nothing asked.</summary>
    public static readonly RealServerIntent Empty = new(null, null, false, null, false);
}

/// <summary>A drain: weight 0 from <see cref="Since"/>; out of the table once <see cref="Completed"/>.</summary>
public sealed record Drain(DateTimeOffset Since, DateTimeOffset Deadline, bool Completed);

/// <summary>A real server added at runtime: its weight, and the configured server whose checks it copies (null: none).</summary>
public sealed record RuntimeRealServer(int Weight, string? ChecksLike);
