using LvsActors.Configuration.Hocon;
using LvsActors.Model;
using static LvsActors.Configuration.HoconPath;

namespace LvsActors.Configuration;

/// <summary>
/// Cross-checks <c>lvs.cluster.role</c> against <c>akka.cluster.roles</c> on a cluster member: the VipOwner and the
/// admin state are singletons on role <c>director</c>, and the downing decision counts witnesses by their role, so a
/// node whose Akka roles disagree with its LVS role would join and silently never lead (or lead as a witness).
/// </summary>
internal static class ClusterRoleRule
{
    public static void Check(HoconObject root, ClusterSettings cluster, List<ConfigError> errors)
    {
        var akka = root.Field("akka")?.Value as HoconObject;
        if (!IsClustered(akka))
        {
            return;
        }
        var role = ClusterRoles.Of(cluster.Role);
        switch (Node(akka, "cluster", "roles"))
        {
            case null:
                errors.Add(new ConfigError(Scalar(akka, "actor", "provider")!.Position, "akka.cluster.roles",
                    $"is not set, so this cluster member would join with no role and never act as a {role}; set akka.cluster.roles = [{role}] to match lvs.cluster.role"));
                break;
            case HoconArray array:
                var roles = array.Items.OfType<HoconScalar>().Select(s => s.Text).ToList();
                if (!roles.Contains(role))
                {
                    errors.Add(new ConfigError(array.Position, "akka.cluster.roles",
                        $"[{string.Join(", ", roles)}] does not contain {role}, this node's lvs.cluster.role; add {role} to akka.cluster.roles or change lvs.cluster.role"));
                }
                else if (role == ClusterRoles.Witness && roles.Contains(ClusterRoles.Director))
                {
                    // The VipOwner singleton goes to the oldest member with role director; a witness runs no manager for it.
                    errors.Add(new ConfigError(array.Position, "akka.cluster.roles",
                        "a witness must not also have role director: the VipOwner singleton would be expected on it and never start; remove director"));
                }
                break;
            case var other:
                errors.Add(new ConfigError(other.Position, "akka.cluster.roles", $"{other} is not a list; accepted: e.g. akka.cluster.roles = [{role}]"));
                break;
        }
    }
}
