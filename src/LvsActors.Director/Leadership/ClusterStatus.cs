namespace LvsActors.Director.Leadership;

/// <summary>One member as this node sees it.</summary>
public sealed record MemberStatusLine(string Address, string Status, IReadOnlyList<string> Roles, bool Reachable, bool Leader);

/// <summary>This node's VipHolder: the epoch it holds the VIPs under (null: it does not hold them), and whether it may take them.</summary>
/// <param name="Reason">Why it may not ("no majority", "eth0 failed", "leaving"), or "ok".</param>
public sealed record LocalVips(long? HoldingEpoch, bool Eligible, string Reason);

/// <summary>
/// What <c>lvsactors status</c> shows: the members with roles and reachability, who owns the VIPs under which
/// epoch (as the VipOwner singleton says; null when it did not answer in time), and whether this node holds them
/// (null on a witness, which has no VipHolder, or when the holder did not answer in time).
/// </summary>
public sealed record ClusterStatus(string Self, IReadOnlyList<MemberStatusLine> Members, VipOwnership? Ownership, LocalVips? Local)
{
    /// <summary>lvs.cluster.mode = active-active: no owner; every director announces what it can serve.</summary>
    public bool ActiveActive { get; init; }

    /// <summary>Active-active: this director's BGP sessions to the routers as BIRD lists them; null when not read.</summary>
    public IReadOnlyList<BgpSessionLine>? Bgp { get; init; }

    /// <summary>Active-active: why the sessions could not be read (BIRD unreachable, …), or null.</summary>
    public string? BgpProblem { get; init; }
}

/// <summary>One BGP session of an active-active director: BIRD's protocol name, state and info (Established, Active, …).</summary>
public sealed record BgpSessionLine(string Name, string State, string Info);

/// <summary>Asks /user/cluster-status for a <see cref="ClusterStatus"/>.</summary>
public sealed record GetClusterStatus
{
    public static readonly GetClusterStatus Instance = new();
}
