using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;

namespace LvsActors.Director.Leadership;

/// <summary>
/// The downing actor of <see cref="KeepMajorityDowningProvider"/>, a child of the cluster daemon. On every tick it looks
/// at the members and the unreachable set; when that set has not changed for stable-after and this node is the leader
/// (of its side), it applies <see cref="MajorityDecision"/>, counting the majority against at least the expected voters.
/// A majority downs the unreachable; a minority downs nobody and waits (its lease has fenced its VIPs already).
/// An indirect partition (members gossip marks unreachable that this leader's own detector has reached throughout
/// indirect-after) is given that long to heal by itself, and then loses its youngest member, which rejoins in-process.
/// </summary>
public sealed class KeepMajorityDowning : ReceiveActor, IWithTimers
{
    private readonly Cluster _cluster;
    private readonly TimeSpan _stableAfter;
    private readonly TimeSpan _indirectAfter;
    private readonly int _expectedVoters;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private string _picture = "";
    private readonly TimeSpan _tick;
    private TimeSpan _stableSince;
    private TimeSpan? _waitingSince;

    // Every address seen as a voter since this actor started: a joining member on one of them is a director coming
    // back, one machine, which only one side of a partition can reach.
    private readonly HashSet<Address> _seenVoters = [];
    private readonly OwnSight _sight = new();

    public KeepMajorityDowning(Cluster cluster, TimeSpan stableAfter, TimeSpan indirectAfter, TimeSpan tick, int expectedVoters)
    {
        (_cluster, _stableAfter, _expectedVoters) = (cluster, stableAfter, expectedVoters);
        _indirectAfter = indirectAfter > stableAfter ? indirectAfter : stableAfter;
        _tick = tick;
        Receive<Tick>(_ => OnTick());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(Cluster cluster, TimeSpan stableAfter, TimeSpan indirectAfter, TimeSpan tick, int expectedVoters) =>
        Akka.Actor.Props.Create(() => new KeepMajorityDowning(cluster, stableAfter, indirectAfter, tick, expectedVoters));

    protected override void PreStart() => Timers.StartPeriodicTimer("tick", Tick.Instance, _tick);

    private void OnTick()
    {
        var state = _cluster.State;
        var unreachable = state.Unreachable.Where(m => m.Status is not MemberStatus.Down and not MemberStatus.Exiting).Select(m => m.Address).ToHashSet();
        var voters = state.Members.Where(m => m.Status is MemberStatus.Up or MemberStatus.Leaving).Select(m => m.Address).ToList();
        _seenVoters.UnionWith(voters);
        // Any change of membership or reachability restarts the stable-after wait, as in the stock resolver.
        var picture = string.Join(",", state.Members.Select(m => $"{m.Address}:{m.Status}")) + "|" + string.Join(",", unreachable.Order());
        var now = _clock.Elapsed;
        if (picture != _picture)
        {
            (_picture, _stableSince) = (picture, now);
        }
        // Our own detector where it still watches a member; gossip's verdict where it stopped (a member whose
        // connection closed is no longer monitored, and an unmonitored address always reads as available).
        bool ReachableHere(Address a) =>
            a == _cluster.SelfAddress || (_cluster.FailureDetector.IsMonitoring(a) ? _cluster.FailureDetector.IsAvailable(a) : !unreachable.Contains(a));
        foreach (var member in state.Members)
        {
            _sight.Observe(member.Address.ToString(), ReachableHere(member.Address), now);
        }
        // Only a voter decides, as in the stock resolver: a node still Joining (or not yet told it is Up) sees a
        // partial, stale membership, and in the kernel lab one such node downed both Up members during start-up.
        if (unreachable.Count == 0 || now - _stableSince < _stableAfter || state.Leader != _cluster.SelfAddress || !voters.Contains(_cluster.SelfAddress))
        {
            return;
        }
        // A director coming back (joining, or WeaklyUp, on an address that was a voter's) counts on the side that
        // reaches it in the place of a missing expected voter: it cannot become Up while an unreachable member is
        // still in the membership, and without it the survivor of a crash whose other peer froze next was one of
        // three for ever (CI's lab: a restarted director stayed WeaklyUp, the survivor downed nobody, nobody served for
        // half an hour). Only while the cluster has never had more voters than expected: each such address is then
        // one of the expected machines, which one side alone can reach, so two sides cannot both count a majority
        // (a downing that let a side shrink the membership under the other's feet would let both hold a lease).
        var returning = _seenVoters.Count > _expectedVoters ? 0
            : state.Members.Count(m => m.Status is MemberStatus.Joining or MemberStatus.WeaklyUp && _seenVoters.Contains(m.Address) && !voters.Contains(m.Address) && ReachableHere(m.Address));
        var reachableHere = voters.Where(ReachableHere).Select(a => a.ToString()).ToHashSet();
        var verdict = MajorityDecision.Decide(voters.Select(a => a.ToString()).Order(StringComparer.Ordinal).ToList(), reachableHere, _expectedVoters, returning);
        var electorate = MajorityLease.Electorate(voters.Count, _expectedVoters);
        if (verdict == DowningVerdict.WaitForMajority)
        {
            // Said once per picture: the tick comes back every 100 ms while the picture stays the same.
            if (_waitingSince != _stableSince)
            {
                _waitingSince = _stableSince;
                _log.Warning("Not a majority: {Reachable} of {Members} voters reachable ({Current} members now, {Returning} coming back); "
                    + "downing nobody, the VIPs stay fenced until a majority is reachable again", reachableHere.Count, electorate, voters.Count, returning);
            }
            return;
        }
        // Only the members this side cannot reach itself, never ourselves: while a partition heals, gossip still
        // lists members (ourselves too, as another observer saw us) that our own detector reaches again, and downing
        // them turned every healed blip into a rejoin.
        var lost = unreachable.Where(a => !ReachableHere(a)).ToList();
        foreach (var address in lost)
        {
            _log.Warning("Downing {Node}: unreachable for {StableAfter} and this side is the majority ({Reachable} of {Members} voters, {Returning} coming back)",
                address, _stableAfter, reachableHere.Count, electorate, returning);
            _cluster.Down(address);
        }
        if (lost.Count == 0)
        {
            // Only members that others cannot reach: an indirect partition. Its lease, not its removal, keeps the VIPs
            // safe, and most heal within a second or two; one that outlasts indirect-after does not heal by itself
            // (no join completes and no member can be removed while it lasts), so its youngest member goes.
            if (now - _stableSince < _indirectAfter || !unreachable.All(a => _sight.ReachedThroughout(a.ToString(), _indirectAfter, now)))
            {
                return;
            }
            // Age: how many members are older (Akka's own order: up-number, then address; one not yet Up is youngest).
            var indirect = state.Members.Where(m => unreachable.Contains(m.Address))
                .Select(m => (m.Address.ToString(), state.Members.Count(o => o.IsOlderThan(m)))).ToList();
            var youngest = MajorityDecision.Youngest(indirect);
            _log.Warning("Downing {Node}: an indirect partition for {IndirectAfter} (members others cannot reach, this director reaches: {Indirect}); "
                + "its youngest member leaves and rejoins as a new incarnation", youngest, _indirectAfter, string.Join(", ", indirect.Select(m => m.Item1)));
            _cluster.Down(Address.Parse(youngest));
        }
        _stableSince = now; // give the downing time to spread before deciding again
    }

    private sealed record Tick
    {
        public static readonly Tick Instance = new();
    }
}
