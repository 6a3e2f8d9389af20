using Akka.Cluster;
using LvsActors.Model;

namespace LvsActors.Director.Anycast;

/// <summary>
/// Whether a director that joined a serving cluster has waited long enough to announce (lvs.cluster.bgp.warm-up).
/// The routers move a share of the flows to a director the moment it announces; it has no connection entries of its
/// own, so each flow it gets is scheduled afresh, and a flow whose real server differs from what Maglev hashing picks
/// now (one opened while that server was down) would be reset. The sync daemon brings the others' entries, but only as
/// their connections pass packets (every sync_threshold's period of packets). So the director waits: from its start,
/// for the warm-up, unless no other director was serving before it (it is the oldest Up director: a cluster starting
/// from nothing, where there is nothing to learn). Without a sync daemon there is nothing to wait for either.
/// </summary>
internal sealed class AnycastWarmUp(TimeSpan length, TimeSpan startedAt)
{
    /// <summary>Done: announcing is no longer held back (it never is again in this incarnation).</summary>
    public bool Done { get; private set; } = length <= TimeSpan.Zero;

    /// <summary>When the warm-up ends, counted like <paramref name="startedAt"/>.</summary>
    public TimeSpan EndsAt => startedAt + length;

    /// <summary>Looks again at <paramref name="now"/>; says whether it has just finished (to be logged once).</summary>
    public bool Update(TimeSpan now, ClusterEvent.CurrentClusterState state, UniqueAddress self)
    {
        if (Done)
        {
            return false;
        }
        var directors = state.Members.Where(m => m.Status == MemberStatus.Up && m.HasRole(ClusterRoles.Director)).ToList();
        var me = directors.FirstOrDefault(m => m.UniqueAddress == self);
        var oldest = me is not null && directors.All(m => m == me || me.IsOlderThan(m));
        Done = now >= EndsAt || oldest;
        return Done;
    }
}
