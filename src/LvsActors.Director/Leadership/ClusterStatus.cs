namespace LvsActors.Director.Leadership;

/// <summary>One member as this node sees it.</summary>
public sealed record MemberStatusLine(string Address, string Status, IReadOnlyList<string> Roles, bool Reachable, bool Leader);

/// <summary>
/// What <c>lvsactors status</c> shows: the members with roles and reachability, and who owns the VIPs under which
/// epoch (as the VipOwner singleton says; null when it did not answer in time).
/// </summary>
public sealed record ClusterStatus(string Self, IReadOnlyList<MemberStatusLine> Members, VipOwnership? Ownership);

/// <summary>Asks /user/cluster-status for a <see cref="ClusterStatus"/>.</summary>
public sealed record GetClusterStatus
{
    public static readonly GetClusterStatus Instance = new();
}
