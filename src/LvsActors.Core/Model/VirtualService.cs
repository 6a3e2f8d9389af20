namespace LvsActors.Model;

/// <summary>A virtual service: the VIP (or firewall mark) clients reach, its scheduler and its real servers.</summary>
/// <param name="Name">The name it has in configuration; operators and the admin API use it.</param>
/// <param name="PersistenceEngine">A persistence engine such as <c>sip</c> (ipvsadm --pe), or null.</param>
/// <param name="Alpha">Real servers start down until their first check passes.</param>
/// <param name="Omega">Run the down notifiers and quorum-down when the director shuts down.</param>
/// <param name="HaSuspend">Run no checks while this director does not own the VIPs.</param>
public sealed record VirtualService(
    string Name,
    VirtualServiceKey Key,
    SchedulerSpec Scheduler,
    Persistence? Persistence,
    bool OnePacket,
    string? PersistenceEngine,
    ValueList<RealServer> RealServers,
    SorryServer? SorryServer,
    QuorumSettings Quorum,
    bool Alpha,
    bool Omega,
    bool HaSuspend,
    string? VirtualHost)
{
    /// <summary>
    /// Active-active only: the operator accepts a scheduler that does not pick the same real server for a flow on every
    /// director (rr, wlc, …), so flows that ECMP moves to another director break (flows-may-move = on).
    /// </summary>
    public bool FlowsMayMove { get; init; }

    public override string ToString() => $"{Name} ({Key})";
}
