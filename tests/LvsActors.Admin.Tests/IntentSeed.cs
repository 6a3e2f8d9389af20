using Akka.Actor;
using Akka.Cluster;
using Akka.DistributedData;
using LvsActors.Director.Admin;
using LvsActors.Director.Intent;

namespace LvsActors.Admin.Tests;

/// <summary>Fills a director's replicated intent with many drains at once: the starting point of a recovery measurement.</summary>
internal static class IntentSeed
{
    /// <summary>
    /// Writes <paramref name="count"/> drained real servers (100 per service: svc0, svc1, …) into the local replica of
    /// <paramref name="system"/>, which stores them on its disk; no other member is asked.
    /// </summary>
    public static async Task WriteAsync(ActorSystem system, int count)
    {
        var key = IntentReplicationSettings.MapKey;
        var cluster = Cluster.Get(system);
        var now = DateTimeOffset.UtcNow;
        var drain = RealServerIntent.Empty with { Drain = new Drain(now, now.AddHours(1), false) };
        var entries = Enumerable.Range(0, count)
            .Select(i => new IntentEntry($"svc{i / 100}", $"198.51.{100 + i / 250}.{i % 250 + 1}:80", drain, false, now.ToUnixTimeMilliseconds() + i, "bench", now)).ToList();
        var stored = await DistributedData.Get(system).Replicator.Ask<object>(
            Dsl.Update(key, LWWDictionary<string, IntentEntry>.Empty, WriteLocal.Instance, m => entries.Aggregate(m, (acc, e) => acc.SetItem(cluster, e.Key, e, (_, v) => v.Clock))),
            TimeSpan.FromSeconds(60));
        Assert.IsType<UpdateSuccess>(stored);
    }
}
