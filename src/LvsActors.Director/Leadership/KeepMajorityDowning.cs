using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;

namespace LvsActors.Director.Leadership;

/// <summary>
/// The downing actor of <see cref="KeepMajorityDowningProvider"/>, a child of the cluster daemon. On every tick it looks
/// at the members and the unreachable set; when that set has not changed for stable-after and this node is the leader
/// (of its side), it applies <see cref="MajorityDecision"/>, counting the majority against at least the expected voters.
/// </summary>
public sealed class KeepMajorityDowning : ReceiveActor, IWithTimers
{
    private readonly Cluster _cluster;
    private readonly TimeSpan _stableAfter;
    private readonly int _expectedVoters;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private string _picture = "";
    private readonly TimeSpan _tick;
    private TimeSpan _stableSince;

    public KeepMajorityDowning(Cluster cluster, TimeSpan stableAfter, TimeSpan tick, int expectedVoters)
    {
        (_cluster, _stableAfter, _expectedVoters) = (cluster, stableAfter, expectedVoters);
        _tick = tick;
        Receive<Tick>(_ => OnTick());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(Cluster cluster, TimeSpan stableAfter, TimeSpan tick, int expectedVoters) =>
        Akka.Actor.Props.Create(() => new KeepMajorityDowning(cluster, stableAfter, tick, expectedVoters));

    protected override void PreStart() => Timers.StartPeriodicTimer("tick", Tick.Instance, _tick);

    private void OnTick()
    {
        var state = _cluster.State;
        var unreachable = state.Unreachable.Where(m => m.Status is not MemberStatus.Down and not MemberStatus.Exiting).Select(m => m.Address).ToHashSet();
        var voters = state.Members.Where(m => m.Status is MemberStatus.Up or MemberStatus.Leaving).Select(m => m.Address).ToList();
        // Any change of membership or reachability restarts the stable-after wait, as in the stock resolver.
        var picture = string.Join(",", state.Members.Select(m => $"{m.Address}:{m.Status}")) + "|" + string.Join(",", unreachable.Order());
        var now = _clock.Elapsed;
        if (picture != _picture)
        {
            (_picture, _stableSince) = (picture, now);
        }
        // Only a voter decides, as in the stock resolver: a node still Joining (or not yet told it is Up) sees a
        // partial, stale membership, and in the kernel lab one such node downed both Up members during start-up.
        if (unreachable.Count == 0 || now - _stableSince < _stableAfter || state.Leader != _cluster.SelfAddress || !voters.Contains(_cluster.SelfAddress))
        {
            return;
        }
        // Our own detector where it still watches a member; gossip's verdict where it stopped (a member whose
        // connection closed is no longer monitored, and an unmonitored address always reads as available).
        var reachableHere = voters
            .Where(a => a == _cluster.SelfAddress || (_cluster.FailureDetector.IsMonitoring(a) ? _cluster.FailureDetector.IsAvailable(a) : !unreachable.Contains(a)))
            .Select(a => a.ToString())
            .ToHashSet();
        var verdict = MajorityDecision.Decide(voters.Select(a => a.ToString()).Order(StringComparer.Ordinal).ToList(), reachableHere, _expectedVoters);
        var electorate = MajorityLease.Electorate(voters.Count, _expectedVoters);
        if (verdict == DowningVerdict.DownUnreachable)
        {
            foreach (var address in unreachable)
            {
                _log.Warning("Downing {Node}: unreachable for {StableAfter} and this side is the majority ({Reachable} of {Members})",
                    address, _stableAfter, reachableHere.Count, electorate);
                _cluster.Down(address);
            }
        }
        else
        {
            _log.Warning("Downing myself: only {Reachable} of {Members} voters reachable ({Current} members now)", reachableHere.Count, electorate, voters.Count);
            _cluster.Down(_cluster.SelfAddress);
        }
        _stableSince = now; // give the downing time to spread before deciding again
    }

    private sealed record Tick
    {
        public static readonly Tick Instance = new();
    }
}
