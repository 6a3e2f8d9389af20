using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using LvsActors.Model;

namespace LvsActors.Director.Leadership;

/// <summary>
/// The cluster singleton (role director) that decides which director holds the VIPs; it never touches them itself.
/// On start it asks every director's VipHolder what it holds, then grants, adopts or revokes with
/// <see cref="OwnerElection"/>. Every grant carries a new epoch, higher than any a holder has seen and than the Unix
/// time in milliseconds, so it stays monotonic across singleton moves and whole-cluster restarts alike.
/// </summary>
public sealed class VipOwner : ReceiveActor, IWithTimers
{
    /// <summary>The singleton's name under its manager.</summary>
    public const string Name = "vip-owner";

    private readonly Cluster _cluster = Cluster.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly LeadershipSettings _tuning;
    private readonly TimeSpan _isolationTimeout;
    private readonly Dictionary<Address, HolderView> _holders = [];
    private readonly Dictionary<Address, TimeSpan> _suspectSince = [];
    private TimeSpan _holdOffUntil;
    private long _epoch;
    private (Address Director, long Epoch)? _nominee;
    private string _lastDecision = "";

    public VipOwner(LeadershipSettings tuning, TimeSpan isolationTimeout)
    {
        (_tuning, _isolationTimeout) = (tuning, isolationTimeout);
        Receive<HolderStatus>(OnStatus);
        Receive<ClusterEvent.UnreachableMember>(e => _suspectSince.TryAdd(e.Member.Address, _clock.Elapsed));
        Receive<ClusterEvent.ReachableMember>(e => _suspectSince.Remove(e.Member.Address));
        Receive<ClusterEvent.MemberRemoved>(OnRemoved);
        Receive<ClusterEvent.IMemberEvent>(_ => Decide());
        Receive<DecideTick>(_ => Decide());
        Receive<GetVipOwnership>(_ => Sender.Tell(Ownership()));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(LeadershipSettings tuning, TimeSpan isolationTimeout) =>
        Akka.Actor.Props.Create(() => new VipOwner(tuning, isolationTimeout));

    protected override void PreStart()
    {
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.UnreachableMember), typeof(ClusterEvent.ReachableMember));
        Timers.StartPeriodicTimer("decide", DecideTick.Instance, _tuning.RevokeRetry);
        _log.Info("VipOwner started on {Node}; asking the directors what they hold", _cluster.SelfAddress);
        foreach (var member in Directors())
        {
            Query(member.Address);
        }
    }

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private IEnumerable<Member> Directors() =>
        _cluster.State.Members.Where(m => m.HasRole(ClusterRoles.Director) && m.Status is MemberStatus.Up or MemberStatus.Leaving or MemberStatus.Exiting);

    private void Query(Address address) => Holder(address).Tell(QueryHolder.Instance);

    private ActorSelection Holder(Address address) => Context.ActorSelection(new RootActorPath(address) / "user" / VipHolder.Name);

    private void OnStatus(HolderStatus status)
    {
        var address = Sender.Path.Address.HasLocalScope ? _cluster.SelfAddress : Sender.Path.Address;
        var view = _holders.GetValueOrDefault(address) ?? new HolderView();
        if (view.Status is { } known && known.Sequence >= status.Sequence)
        {
            return;
        }
        view.EligibleSince = status.Eligible ? view.EligibleSince ?? _clock.Elapsed : null;
        view.Status = status;
        _holders[address] = view;
        Decide();
    }

    private void OnRemoved(ClusterEvent.MemberRemoved removed)
    {
        var address = removed.Member.Address;
        if (_holders.Remove(address, out var view) && view.MightHold)
        {
            // Removed while it might hold: its lease ends at most isolation-timeout after the first suspicion, and a
            // director removed without ever being unreachable (downed by hand) may have been confirmed until just now.
            var since = _suspectSince.GetValueOrDefault(address, _clock.Elapsed);
            _holdOffUntil = Max(_holdOffUntil, since + _isolationTimeout);
        }
        _suspectSince.Remove(address);
        Decide();
    }

    private void Decide()
    {
        var now = _clock.Elapsed;
        var unreachable = _cluster.State.Unreachable.Select(m => m.Address).ToHashSet();
        var directors = Directors().OrderBy(m => m, Member.AgeOrdering).ToList();
        foreach (var missing in directors.Where(m => !_holders.ContainsKey(m.Address) && !unreachable.Contains(m.Address)))
        {
            Query(missing.Address);
        }
        if (directors.FirstOrDefault(m => !_holders.ContainsKey(m.Address) && !unreachable.Contains(m.Address)) is { } silent)
        {
            Waiting($"waiting for {silent.Address} to report");
            return;
        }
        var candidates = directors.Select((m, rank) => ToCandidate(m, rank, unreachable.Contains(m.Address), now)).ToList();
        var decision = OwnerElection.Decide(candidates);
        switch (decision)
        {
            case Decision.Grant grant when now < _holdOffUntil && !Current(grant.Id).MightHold:
                Waiting($"a removed director might still hold the VIPs for {(_holdOffUntil - now).TotalMilliseconds:F0} ms");
                break;
            case Decision.Grant grant:
                GrantTo(directors.First(m => m.Address.ToString() == grant.Id).Address);
                break;
            case Decision.Revoke revoke:
                var address = directors.First(m => m.Address.ToString() == revoke.Id).Address;
                // Said again on every decision until the answer comes (a crashed or frozen holder answers none).
                Once($"Revoking the VIPs from {address}: {revoke.Why}");
                Holder(address).Tell(new RevokeVips(_epoch));
                break;
            case Decision.Wait wait:
                Waiting(wait.Why);
                break;
        }
        Nominate(directors, candidates);
    }

    /// <summary>
    /// While one director holds the VIPs and nobody else might, names the best other eligible director as successor:
    /// it takes over by itself as soon as the holder's lease runs out at the voters (<see cref="NominateSuccessor"/>).
    /// Otherwise the nomination stands: the successor may be taking over at this very moment.
    /// </summary>
    private void Nominate(List<Member> directors, List<Candidate> candidates)
    {
        var holders = candidates.Where(c => c.MightHold).ToList();
        if (holders is not [{ Reachable: true } holder] || Current(holder.Id).Status?.HoldingEpoch is null)
        {
            return;
        }
        var successor = candidates
            .Where(c => c != holder && c.Reachable && c.EligibleFor is not null)
            .OrderByDescending(c => c.Priority)
            .ThenBy(c => c.AgeRank)
            .Select(c => directors.First(m => m.Address.ToString() == c.Id).Address)
            .FirstOrDefault();
        if (_nominee is { } old && old.Director != successor)
        {
            Holder(old.Director).Tell(new WithdrawNomination(NextEpoch()));
            _nominee = null;
        }
        if (successor is null)
        {
            return;
        }
        // A standing nomination older than an epoch the successor has seen since (a grant or re-grant after it) is
        // one it ignores as stale: nominated again under a new epoch. Kept, it was sent again on each answer, the
        // answer brought the next decision, and the two spun (thousands of warnings a second in the lab) while the
        // holder had no successor: its crash then took the slow path through downing, 4.3 s instead of 0.4 s.
        // Likewise one older than the holder's epoch (re-granted after the nomination): a successor that took over
        // under it would lose to the very holder it replaced when both report holding (the newer epoch is kept), and
        // a frozen holder would get the VIPs back — the lab on a loaded host saw the successor revoked 0.3 s after
        // its takeover, and nobody served until the frozen holder thawed.
        if (_nominee is not { } standing || Nominations.Stale(standing.Epoch, _holders.GetValueOrDefault(successor)?.Status?.EpochSeen, Current(holder.Id).Status?.HoldingEpoch))
        {
            _nominee = (successor, NextEpoch());
            _log.Info("Nominating {Node} to take the VIPs over from {Holder} under epoch {Epoch}", successor, holder.Id, _nominee.Value.Epoch);
        }
        if (_holders.GetValueOrDefault(successor)?.Status?.NominatedEpoch != _nominee.Value.Epoch)
        {
            // Until it reports the nomination: sent again on every decision (the decide tick repeats it).
            Holder(successor).Tell(new NominateSuccessor(_nominee.Value.Epoch));
        }
    }

    private long NextEpoch()
    {
        var seen = _holders.Values.Select(h => h.Status?.EpochSeen ?? 0).DefaultIfEmpty(0).Max();
        _epoch = Math.Max(Math.Max(_epoch, seen) + 1, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        return _epoch;
    }

    private HolderView Current(string id) => _holders.FirstOrDefault(h => h.Key.ToString() == id).Value ?? new HolderView();

    private Candidate ToCandidate(Member member, int rank, bool unreachable, TimeSpan now)
    {
        var view = _holders.GetValueOrDefault(member.Address) ?? new HolderView();
        var status = view.Status;
        var eligible = status is { Eligible: true } && member.Status == MemberStatus.Up && view.EligibleSince is { } since ? now - since : (TimeSpan?)null;
        return new Candidate(member.Address.ToString(), rank, status?.Priority ?? 0, status?.Preempt ?? false, status?.PreemptDelay ?? TimeSpan.Zero,
            !unreachable, view.MightHold, eligible, status?.HoldingEpoch);
    }

    private void GrantTo(Address address)
    {
        var view = _holders[address];
        if (view.Status?.HoldingEpoch is { } held && held == view.GrantedEpoch)
        {
            return;
        }
        if (view.GrantedEpoch > (view.Status?.EpochSeen ?? 0) || view.Status is { Acquiring: true } && view.Status.EpochSeen == view.GrantedEpoch)
        {
            // Not answered yet, or collecting the voters' promises: say it again (a grant is idempotent), and let the
            // answer decide the next step.
            Holder(address).Tell(new GrantVips(view.GrantedEpoch));
            return;
        }
        view.GrantedEpoch = NextEpoch();
        _log.Info("Granting the VIPs to {Node} under epoch {Epoch}", address, _epoch);
        Holder(address).Tell(new GrantVips(_epoch));
    }

    private void Waiting(string why) => Once("VipOwner waits: " + why);

    // A decision repeats on every tick and answer while nothing changes: said once, until it changes.
    private void Once(string line)
    {
        if (line != _lastDecision)
        {
            _log.Info("{Decision}", line);
            _lastDecision = line;
        }
    }

    private VipOwnership Ownership()
    {
        var holder = _holders.FirstOrDefault(h => h.Value.Status?.HoldingEpoch is not null);
        return holder.Key is null ? new VipOwnership(null, _epoch) : new VipOwnership(holder.Key.ToString(), holder.Value.Status!.HoldingEpoch!.Value);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private sealed class HolderView
    {
        public HolderStatus? Status { get; set; }

        public long GrantedEpoch { get; set; }

        public TimeSpan? EligibleSince { get; set; }

        /// <summary>It reported holding or collecting promises, or a grant has not been answered yet, or it never reported at all.</summary>
        public bool MightHold => Status is null || Status.HoldingEpoch is not null || Status.Acquiring || GrantedEpoch > Status.EpochSeen;
    }

    private sealed record DecideTick
    {
        public static readonly DecideTick Instance = new();
    }
}
