using LvsActors.Configuration.Hocon;
using LvsActors.Model;
using static LvsActors.Configuration.HoconPath;

namespace LvsActors.Configuration;

/// <summary>
/// Refuses a cluster member whose configuration could lose acknowledged operator intent: intent neither replicated
/// among the members nor in a shared journal (the SQLite file of whichever director took the write dies with it), or
/// replicated among two voters (the majority is both: one lost member stops every change, and a member whose disk is
/// lost takes with it the only other copy). One voter is a cluster of one, as durable as a single director on its disk.
/// </summary>
internal static class IntentDurabilityRule
{
    public static void Check(HoconObject root, ClusterSettings cluster, List<ConfigError> errors)
    {
        var akka = root.Field("akka")?.Value as HoconObject;
        if (!IsClustered(akka))
        {
            return;
        }
        var lvs = root.Field("lvs")?.Value as HoconObject;
        var enabled = Scalar(lvs, "admin", "replication", "enabled");
        var replicated = enabled is null || enabled.Text.ToLowerInvariant() is "on" or "true" or "yes";
        var provider = Scalar(lvs, "admin", "journal", "provider");
        var where = Scalar(akka, "actor", "provider")!.Position;
        if (!replicated)
        {
            if (provider?.Text.ToLowerInvariant() != "postgresql")
            {
                errors.Add(new ConfigError(enabled!.Position, "lvs.admin.replication.enabled",
                    "is off while the admin journal is this director's SQLite file: in a cluster, a drain acknowledged here is lost when this director dies; set lvs.admin.replication.enabled = on (the default) or lvs.admin.journal.provider = postgresql"));
            }
            return;
        }
        if (cluster.ExpectedVoters == 2)
        {
            var voters = Scalar(lvs, "fencing", "expected-voters");
            errors.Add(new ConfigError(voters?.Position ?? where, "lvs.fencing.expected-voters",
                $"is 2: replicated operator intent is acknowledged once a majority of the voters hold it, and the majority of two is both, so one lost member stops every change and a lost disk leaves a single copy; run three members (directors, or two directors and a witness) and set lvs.fencing.expected-voters = 3 (or list three seed-nodes)"));
        }
    }
}
