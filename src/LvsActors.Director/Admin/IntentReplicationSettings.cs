using Akka.Configuration;
using Akka.DistributedData;
using LvsActors.Director.Intent;

namespace LvsActors.Director.Admin;

/// <summary>
/// Operator intent replicated among the directors of a cluster (lvs.admin.replication): where each director keeps its
/// copy on disk, how long a write may wait for a majority, and how many voters the majority is counted against.
/// </summary>
/// <param name="Voters">lvs.fencing.expected-voters (default: the number of seed nodes): a write needs a majority of them.</param>
public sealed record IntentReplicationSettings(bool Enabled, string Directory, TimeSpan WriteTimeout, int Voters)
{
    /// <summary>The replicated data key that holds the intent map; durable, so each director keeps it on its disk.</summary>
    public const string Key = "lvs-intent";

    /// <summary>The key as the replicator takes it, for every actor that reads or writes the intent map.</summary>
    public static readonly LWWDictionaryKey<string, IntentEntry> MapKey = new(Key);

    /// <summary>How many voters must hold a write durably before it is acknowledged.</summary>
    public int Quorum => Voters / 2 + 1;

    /// <summary>Reads lvs.admin.replication; an empty dir means "intent" beside the SQLite journal.</summary>
    public static IntentReplicationSettings Create(Config config, JournalSettings journal)
    {
        var r = config.GetConfig("lvs.admin.replication");
        var dir = r.GetString("dir");
        if (string.IsNullOrWhiteSpace(dir))
        {
            dir = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(journal.Path)) ?? ".", "intent");
        }
        var seeds = config.HasPath("akka.cluster.seed-nodes") ? config.GetStringList("akka.cluster.seed-nodes").Count : 0;
        var voters = config.HasPath("lvs.fencing.expected-voters") ? config.GetInt("lvs.fencing.expected-voters") : Math.Max(1, seeds);
        return new IntentReplicationSettings(r.GetBoolean("enabled"), dir, r.GetTimeSpan("write-timeout"), voters);
    }

    /// <summary>
    /// Akka.DistributedData on every member (directors and witnesses are all voters), the intent key durable in
    /// <see cref="SqliteIntentStore"/>: it answers a store only after its transaction committed (fsync), and a replica
    /// acknowledges another member's majority write only after that answer (Replicator.WriteAndStore), so an
    /// acknowledged write is on a majority's disks.
    /// </summary>
    public Config DistributedDataConfig() => ConfigurationFactory.ParseString($$"""
        akka.cluster.distributed-data {
          role = ""
          durable {
            keys = ["{{Key}}"]
            store-actor-class = "LvsActors.Director.Admin.SqliteIntentStore, LvsActors.Director"
            sqlite.path = {{Quote(System.IO.Path.Combine(Directory, "intent.db"))}}
          }
        }
        """);

    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
