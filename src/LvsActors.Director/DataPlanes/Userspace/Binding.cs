namespace LvsActors.Director.DataPlanes.Userspace;

/// <summary>How a connection or flow ends, for the counters.</summary>
internal enum ConnectionEnd
{
    /// <summary>A relayed TCP connection closed: it counts inactive for the inactive timeout, as in TIME_WAIT.</summary>
    Closed,

    /// <summary>The real server was never reached: forget the connection at once.</summary>
    Failed,

    /// <summary>A UDP flow (counted inactive while it lived) expired.</summary>
    FlowExpired,
}

/// <summary>A scheduling decision: the real server, and the persistence template that chose or recorded it.</summary>
internal readonly record struct Binding(ProxiedRealServer? Server, PersistenceTemplate? Template)
{
    public bool IsNone => Server is null;
}
