namespace LvsActors.Director.Intent;

/// <summary>
/// One value of the replicated intent map: what the operator asked of one real server (<see cref="RealServer"/> set)
/// or of a whole virtual service (<see cref="RealServer"/> null: its maintenance). An entry that asks nothing is kept
/// as a tombstone, so that a later merge cannot bring back an older value.
/// </summary>
/// <param name="Clock">
/// The entry's hybrid clock in milliseconds: the writer's wall clock, but always above every clock the writer had seen
/// (so it never goes backwards on one director, whatever its wall clock does). The conflict rule: per key, the entry
/// with the higher clock wins; on equal clocks, Akka's LWWRegister picks one deterministically by the writer's address.
/// </param>
public sealed record IntentEntry(string VirtualService, string? RealServer, RealServerIntent? Server, bool Maintenance, long Clock, string By, DateTimeOffset At)
    : IAdminMessage
{
    /// <summary>The map key: the service, or the service and real server.</summary>
    public string Key => KeyOf(VirtualService, RealServer);

    /// <summary>True when the entry asks nothing (a tombstone).</summary>
    public bool IsEmpty => RealServer is null ? !Maintenance : Server is null || Server == RealServerIntent.Empty;

    /// <summary>The map key of a service (<paramref name="realServer"/> null) or of one of its real servers.</summary>
    public static string KeyOf(string virtualService, string? realServer) => realServer is null ? virtualService : virtualService + "|" + realServer;
}
