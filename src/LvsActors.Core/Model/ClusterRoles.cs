namespace LvsActors.Model;

/// <summary>
/// The Akka cluster roles of our nodes, spelled as lvs.cluster.role spells them: one word per <see cref="DirectorRole"/>,
/// used by the configuration checks, the singletons (VIP owner, admin state) and their proxies alike.
/// </summary>
public static class ClusterRoles
{
    /// <summary>A director's role: the VIP owner and admin state singletons run on the oldest member with it.</summary>
    public const string Director = "director";

    /// <summary>A witness's role: it votes, never holds VIPs and hosts no singleton.</summary>
    public const string Witness = "witness";

    /// <summary>The Akka role of a node whose lvs.cluster.role is <paramref name="role"/>.</summary>
    public static string Of(DirectorRole role) => role == DirectorRole.Witness ? Witness : Director;
}
