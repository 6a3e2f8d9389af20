using Akka.Actor;
using Akka.Cluster;
using Akka.Event;

namespace LvsActors.Director.Leadership;

/// <summary>
/// One per node, at /user/island-watch: notices that this member is Up in a cluster smaller than a majority of the
/// expected voters, and after <c>island-rejoin-after</c> of that stops the actor system so that the director joins the
/// seed nodes again as a new incarnation (DirectorProcess), as <see cref="RemovedMemberWatch"/> does for a removed one.
/// How an island forms: the first seed node, restarted while the others still have its old incarnation as a member,
/// gets no answer to its join requests and (after seed-node-timeout) joins itself. Such a cluster of one holds no
/// majority lease, so it is safe, but Akka never merges two clusters: without this it would stay apart for good.
/// A member of a cluster that merely lost sight of the others (they are unreachable members) is no island: the
/// downing provider decides there; nor is one that met other members in this incarnation and outlived them.
/// </summary>
public sealed class IslandWatch : ReceiveActor, IWithTimers
{
    /// <summary>The actor's name under /user.</summary>
    public const string Name = "island-watch";

    private readonly Cluster _cluster = Cluster.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly int _expected;
    private readonly int _majority;
    private readonly TimeSpan _after;
    private ClusterEvent.CurrentClusterState _state = new();
    private bool _stopping;
    private bool _metOthers;

    public IslandWatch(int expectedVoters, TimeSpan after)
    {
        _expected = expectedVoters;
        _majority = expectedVoters / 2 + 1;
        _after = after;
        Receive<ClusterEvent.CurrentClusterState>(state =>
        {
            _state = state;
            Look();
        });
        Receive<ClusterEvent.IMemberEvent>(_ => _cluster.SendCurrentClusterState(Self));
        Receive<StillAlone>(_ =>
        {
            if (_stopping || !Alone(out var members))
            {
                return;
            }
            _stopping = true;
            _log.Warning("This member has been Up in a cluster of {Members} for {After}, fewer than a majority of the {Expected} expected voters " +
                "(an island, formed when the others did not answer its join); stopping this incarnation to join the seed nodes again",
                members, _after, _expected);
            CoordinatedShutdown.Get(Context.System).Run(CoordinatedShutdown.ClusterDowningReason.Instance);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(int expectedVoters, TimeSpan after) => Akka.Actor.Props.Create(() => new IslandWatch(expectedVoters, after));

    protected override void PreStart() => _cluster.Subscribe(Self, ClusterEvent.InitialStateAsSnapshot, typeof(ClusterEvent.IMemberEvent));

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private void Look()
    {
        if (Alone(out _))
        {
            if (!Timers.IsTimerActive("alone"))
            {
                Timers.StartSingleTimer("alone", StillAlone.Instance, _after);
            }
        }
        else
        {
            Timers.Cancel("alone");
        }
    }

    // Self Up, and every member that is or will be Up (reachable or not) counted: fewer than a majority, in a cluster
    // this incarnation formed alone. One that has met other members is a survivor, not an island: the others' new
    // incarnations join it (a survivor that stopped while a crashed director's new incarnation waited to join it —
    // Akka retries a join every 10 s — would leave nobody to join).
    private bool Alone(out int members)
    {
        var self = _cluster.SelfAddress;
        var selfUp = _state.Members.Any(m => m.Address == self && m.Status == MemberStatus.Up);
        _metOthers |= _state.Members.Any(m => m.Address != self && m.Status is MemberStatus.Up or MemberStatus.WeaklyUp or MemberStatus.Leaving);
        members = _state.Members.Count(m => m.Status is MemberStatus.Joining or MemberStatus.WeaklyUp or MemberStatus.Up or MemberStatus.Leaving);
        return selfUp && !_metOthers && members < _majority;
    }

    private sealed class StillAlone
    {
        public static readonly StillAlone Instance = new();
    }
}
