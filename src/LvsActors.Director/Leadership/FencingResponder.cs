using Akka.Actor;
using Akka.Cluster;

namespace LvsActors.Director.Leadership;

/// <summary>
/// Runs on every node, witnesses included, at /user/lvs-fencing: answers a director's <see cref="FencePing"/> only while
/// this node counts that director as an Up (or Leaving) member that nobody has marked unreachable. A director that
/// is cut off, downed, or suspected by any observer stops getting answers, and its majority lease runs out.
/// </summary>
public sealed class FencingResponder : ReceiveActor
{
    /// <summary>The actor's name under /user.</summary>
    public const string Name = "lvs-fencing";

    public FencingResponder()
    {
        var cluster = Cluster.Get(Context.System);
        Receive<FencePing>(ping =>
        {
            if (InGoodStanding(cluster.State, Sender.Path.Address) && InGoodStanding(cluster.State, cluster.SelfAddress))
            {
                Sender.Tell(new FencePong(ping.SentAt));
            }
        });
    }

    public static Props Props() => Akka.Actor.Props.Create(() => new FencingResponder());

    internal static bool InGoodStanding(ClusterEvent.CurrentClusterState state, Address address) =>
        state.Members.Any(m => m.Address == address && m.Status is MemberStatus.Up or MemberStatus.Leaving)
        && !state.Unreachable.Any(m => m.Address == address);
}
