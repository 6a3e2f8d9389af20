using System.Diagnostics;
using Akka;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using LvsActors.Director.Actors;
using LvsActors.Director.Leadership;
using LvsActors.Director.Notify;
using LvsActors.Model;
using ClusterSettings = LvsActors.Model.ClusterSettings;

namespace LvsActors.Director.Anycast;

/// <summary>
/// The VipHolder of an active-active director (lvs.cluster.mode = active-active), at the same path: every director
/// announces every VIP, so there is no grant, no owner and no successor — each decides for itself. It holds a VIP
/// (a host route on the BGP VIP interface, where the BGP daemon picks it up and announces it to the routers) while
/// all of these hold: this node is a director in good standing with a majority of the voters (the same self-fence as
/// the active-standby holder: a director cut off from the others, whose health verdicts may differ, stops attracting
/// flows), no track failed, the director is not drained nor leaving, and some service on the VIP can take traffic
/// (<see cref="ServedVips"/>). The kernel holds the address with a finite lifetime that it renews, so a director that
/// freezes or dies stops being announced when the lifetime runs out (BFD on the router session is quicker when the
/// whole machine stops). Withdrawing is removing the address: BIRD withdraws the route within milliseconds.
/// </summary>
public sealed class AnycastHolder : ReceiveActor, IWithTimers
{
    // Active-active has no epochs: every claim and release is under this one (the sink records it; status shows it).
    private const long Epoch = 1;

    private readonly ClusterSettings _settings;
    private readonly LeadershipSettings _tuning;
    private readonly IVipSink _sink;
    private readonly INotifier _notifier;
    private readonly IReadOnlyList<ITrack> _tracks;
    private readonly ServedVips _served;
    private readonly Cluster _cluster = Cluster.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly PeerConfirmations _confirmed = new();
    private readonly HashSet<string> _answered = [];
    private List<Vip> _announced = [];
    private long _sequence;
    private bool _standing;
    private bool _drained;
    private bool _leaving;
    private string? _failedTrack;
    private LeaseClock.Alarm? _standingEnd;
    private TimeSpan _standingEndAt;
    private readonly AnycastWarmUp _warmUp;

    public AnycastHolder(ClusterSettings settings, LeadershipSettings tuning, IVipSink sink, INotifier notifier, IReadOnlyList<ITrack> tracks, IReadOnlyList<VirtualService> services)
    {
        (_settings, _tuning, _sink, _notifier, _tracks) = (settings, tuning, sink, notifier, tracks);
        _served = new ServedVips(settings.Vips, services);
        _warmUp = new AnycastWarmUp(settings.SyncDaemon is null ? TimeSpan.Zero : settings.Bgp?.WarmUp ?? TimeSpan.Zero, Now);
        Receive<FenceTick>(_ => PingMembers());
        Receive<FencePong>(pong =>
        {
            var from = Sender.Path.Address.HasLocalScope ? _cluster.SelfAddress : Sender.Path.Address;
            var sent = TimeSpan.FromTicks(pong.SentAt);
            if (pong.InGoodStanding && from != _cluster.SelfAddress)
            {
                _confirmed.Confirm(from, sent);
            }
            Evaluate();
        });
        Receive<StandingCheck>(_ => Evaluate());
        Receive<RenewTick>(_ =>
        {
            // The standing first: a director thawed after a freeze must withdraw before it extends what it may not hold.
            Evaluate();
            if (_announced.Count > 0)
            {
                _sink.Renew(_announced, _tuning.VipLifetime);
            }
        });
        Receive<PollServices>(_ =>
        {
            // Services that did not answer the last poll were removed by a reload (or are restarting): not serving.
            _served.Retain(_answered);
            _answered.Clear();
            Context.ActorSelection("/user/director/vs-*").Tell(GetServiceStatus.Instance);
            Evaluate();
        });
        Receive<ServiceStatus>(status =>
        {
            _answered.Add(status.Name);
            _served.Update(status);
            Evaluate();
        });
        Receive<QuorumChanged>(change =>
        {
            _served.Update(change);
            Evaluate();
        });
        Receive<TrackTick>(_ => RunTracks());
        Receive<TracksChecked>(result =>
        {
            if (result.Failed != _failedTrack)
            {
                _failedTrack = result.Failed;
                _log.Info("Track state changed: {Tracks}", _failedTrack ?? "all ok");
                Evaluate();
            }
        });
        Receive<DrainDirector>(drain =>
        {
            if (drain.Drained != _drained)
            {
                _drained = drain.Drained;
                _log.Info(_drained ? "Director drained: withdrawing every VIP from the routers" : "Director undrained: announcing the VIPs again");
                Evaluate();
            }
            Sender.Tell(DrainState());
        });
        Receive<GetDirectorDrain>(_ => Sender.Tell(DrainState()));
        Receive<QueryHolder>(_ => Sender.Tell(Status()));
        Receive<VipHolder.ReleaseForShutdown>(_ =>
        {
            _leaving = true;
            Evaluate();
            Sender.Tell(Done.Instance);
        });
        // Grants, revokes and nominations belong to active-standby; an active-standby VipOwner elsewhere is a
        // misconfigured cluster (validate says every director must run the same mode), not an order to follow.
        Receive<ILeadershipMessage>(message => _log.Warning("Ignoring {Message}: this director runs active-active", message.GetType().Name));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(ClusterSettings settings, LeadershipSettings tuning, IVipSink sink, INotifier notifier, IReadOnlyList<ITrack> tracks, IReadOnlyList<VirtualService> services) =>
        Akka.Actor.Props.Create(() => new AnycastHolder(settings, tuning, sink, notifier, tracks, services));

    private static TimeSpan Now => Stopwatch.GetElapsedTime(0);

    private bool Eligible => _settings.Role == DirectorRole.Director && _standing && _failedTrack is null && !_drained && !_leaving && _warmUp.Done;

    private string Reason => _leaving ? "leaving" : _drained ? "drained" : !_standing ? "no majority" : _failedTrack is { } t ? t + " failed"
        : !_warmUp.Done ? "warming up (the other directors' connections are still arriving through the sync daemon)" : "ok";

    protected override void PreStart()
    {
        if (_settings.Bgp is { } bgp)
        {
            _sink.PrepareAnycast(bgp.VipInterface);
        }
        // Every director both sends and receives the connection table (lvs.cluster.sync-daemon): where hashing alone
        // would send a moved flow elsewhere, the entry another director synced keeps it on its real server.
        _sink.SetSyncRole(SyncRole.Both, _settings.SyncDaemon);
        // Addresses a crashed run left behind are announced by BIRD still: gone until this run decides. (No fence: the
        // VIPs' traffic arrives on other interfaces than theirs, and no other director's claim excludes this one's.)
        _sink.Release(Epoch, _settings.Vips);
        Context.System.EventStream.Subscribe(Self, typeof(QuorumChanged));
        Timers.StartPeriodicTimer("fence", FenceTick.Instance, _tuning.FenceInterval);
        Timers.StartPeriodicTimer("services", PollServices.Instance, TimeSpan.Zero, TimeSpan.FromSeconds(1));
        Timers.StartPeriodicTimer("renew", RenewTick.Instance, _tuning.VipRenewInterval);
        if (_tracks.Count > 0)
        {
            Timers.StartPeriodicTimer("track", TrackTick.Instance, TimeSpan.Zero, _tuning.TrackInterval);
        }
    }

    protected override void PostStop()
    {
        _standingEnd?.Cancel();
        Context.System.EventStream.Unsubscribe(Self);
    }

    private void PingMembers()
    {
        _leaving |= _cluster.State.Members.Any(m => m.Address == _cluster.SelfAddress && m.Status is not MemberStatus.Up and not MemberStatus.WeaklyUp and not MemberStatus.Joining);
        Evaluate();
        foreach (var member in _cluster.State.Members.Where(m => m.Address != _cluster.SelfAddress))
        {
            Context.ActorSelection(new RootActorPath(member.Address) / "user" / FencingResponder.Name).Tell(new FencePing(Now.Ticks));
        }
    }

    private void Evaluate()
    {
        var voters = _cluster.State.Members.Where(m => m.Status is MemberStatus.Up or MemberStatus.Leaving).Select(m => m.Address).ToHashSet();
        var now = Now;
        _confirmed.Align(voters, _cluster.SelfAddress, now);
        var until = voters.Contains(_cluster.SelfAddress)
            ? MajorityLease.ValidUntil(_confirmed.Values, voters.Count, _settings.ExpectedVoters, _tuning.StandingTimeout)
            : null;
        var standing = until is { } u && u > now;
        if (standing && until != TimeSpan.MaxValue && until != _standingEndAt)
        {
            // Look again when the standing ends, not on the next ping: a director cut off withdraws on time.
            var self = Self;
            _standingEnd?.Cancel();
            (_standingEndAt, _standingEnd) = (until!.Value, LeaseClock.Shared.Set(until.Value - now, () => self.Tell(StandingCheck.Instance)));
        }
        if (standing != _standing)
        {
            _standing = standing;
            _log.Info(standing ? "Majority lease held ({Members} voting members, {Expected} expected)" : "Majority lease lost ({Members} voting members, {Expected} expected)",
                voters.Count, _settings.ExpectedVoters);
        }
        if (standing && _warmUp.Update(now, _cluster.State, _cluster.SelfUniqueAddress))
        {
            _log.Info(now >= _warmUp.EndsAt ? "Warm-up over: the other directors' connections have had time to arrive; announcing"
                : "No other director was serving before this one: announcing without a warm-up");
        }
        Apply(Eligible ? _served.Served() : []);
    }

    private void Apply(IReadOnlyList<Vip> wanted)
    {
        var withdraw = _announced.Where(v => !wanted.Contains(v)).ToList();
        var announce = wanted.Where(v => !_announced.Contains(v)).ToList();
        if (withdraw.Count == 0 && announce.Count == 0)
        {
            return;
        }
        if (withdraw.Count > 0)
        {
            _sink.Release(Epoch, withdraw);
            _log.Info("Withdrew {Vips} from the routers: {Reason}", string.Join(", ", withdraw), Eligible ? "no service can take its traffic" : Reason);
        }
        if (announce.Count > 0)
        {
            _sink.Claim(Epoch, announce, _tuning.VipLifetime);
            _log.Info("Announcing {Vips} to the routers (active-active)", string.Join(", ", announce));
        }
        var was = _announced.Count > 0;
        _announced = [.. wanted];
        Context.System.EventStream.Publish(new VipOwnershipObserved(_announced.Count > 0 ? _cluster.SelfAddress.ToString() : null, _announced.Count > 0));
        if (was != _announced.Count > 0)
        {
            Notify(_announced.Count > 0 ? _settings.NotifyMaster : Eligible ? _settings.NotifyBackup : _settings.NotifyFault,
                _announced.Count > 0 ? "master" : Eligible ? "backup" : "fault", _announced.Count > 0 ? "announcing" : Reason);
        }
    }

    private void Notify(NotifyCommand? command, string lvsEvent, string reason)
    {
        if (command is null)
        {
            return;
        }
        _notifier.Run(command, LeadershipNotice.Environment(lvsEvent, reason, Epoch, _announced));
    }

    private void RunTracks()
    {
        var (tracks, timeout) = (_tracks, _tuning.TrackInterval);
        Task.Run(async () => new TracksChecked(await Tracks.FirstFailedAsync(tracks, timeout))).PipeTo(Self);
    }

    private DirectorDrainState DrainState() => new(_drained, _announced.Select(v => v.ToString()).ToList());

    // HoldingEpoch 1 while announcing anything: the status page's "holds the VIPs", for a mode without epochs.
    private HolderStatus Status() =>
        new(++_sequence, Epoch, _announced.Count > 0 ? Epoch : null, _settings.Priority, _settings.Preempt, _settings.PreemptDelay, Eligible, Reason);

    private sealed record FenceTick
    {
        public static readonly FenceTick Instance = new();
    }

    private sealed record StandingCheck
    {
        public static readonly StandingCheck Instance = new();
    }

    private sealed record RenewTick
    {
        public static readonly RenewTick Instance = new();
    }

    private sealed record PollServices
    {
        public static readonly PollServices Instance = new();
    }

    private sealed record TrackTick
    {
        public static readonly TrackTick Instance = new();
    }

    private sealed record TracksChecked(string? Failed);
}
