using System.Diagnostics;
using Akka;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using LvsActors.Director.Notify;
using LvsActors.Model;
using ClusterSettings = LvsActors.Model.ClusterSettings;

namespace LvsActors.Director.Leadership;

/// <summary>
/// One per director, at /user/vip-holder: the only actor that touches the VIPs. It takes them only once a majority of
/// the voters (counted against at least lvs.fencing.expected-voters, its own node's voter included) promised it the
/// lease (<see cref="LeaseVoter"/>, <see cref="OwnershipLease"/>) — after a <see cref="GrantVips"/> from the VipOwner,
/// or, as the nominated successor (<see cref="NominateSuccessor"/>), as soon as its own voter is free of the holder's
/// promise: the holder stopped renewing. It keeps them until the first of: a revoke, a failing track, leaving the
/// cluster, or the end of its lease (isolation-timeout after its oldest ping that a majority promised). The kernel holds
/// the VIPs with a finite lifetime that the holder renews while its lease holds, so a holder that freezes or dies loses
/// them there too (vip-lifetime). A grant under an epoch older than one already seen comes from a stale owner and is ignored.
/// Supervision: the user guardian restarts it after a failure, and that is safe on purpose — a restarted holder
/// has forgotten its grant, and its PreStart releases the VIPs before anything else, so it never keeps addresses it
/// no longer knows it holds; the VipOwner grants them again (to it or another director) under a new epoch.
/// </summary>
public sealed class VipHolder : ReceiveActor, IWithTimers
{
    /// <summary>The actor's name under /user.</summary>
    public const string Name = "vip-holder";

    private readonly ClusterSettings _settings;
    private readonly LeadershipSettings _tuning;
    private readonly IVipSink _sink;
    private readonly INotifier _notifier;
    private readonly IReadOnlyList<ITrack> _tracks;
    private readonly IActorRef _owner;
    private readonly Cluster _cluster = Cluster.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    // The host's monotonic clock, not one per actor: the voters compare this holder's ping and release times, and a
    // holder restarted by its guardian must not send times that run backwards.
    private TimeSpan _releasedAt;
    private readonly PeerConfirmations _confirmed = new();
    private readonly Dictionary<Address, TimeSpan> _promised = [];
    private long _epochSeen;
    private long _sequence;
    private long? _holding;
    private long? _acquiring;
    private bool _acquiringAsSuccessor;
    private TimeSpan _acquiringSince;
    private long? _nominated;
    private bool _leaseHeld;
    private bool _owned;
    private TimeSpan _ownedUntil;
    private TimeSpan _fencedUntil;
    private string? _failedTrack;
    private bool _leaving;
    private LeaseClock.Alarm? _leaseEnd;
    private TimeSpan _leaseEndAt;

    public VipHolder(ClusterSettings settings, LeadershipSettings tuning, IVipSink sink, INotifier notifier, IReadOnlyList<ITrack> tracks, IActorRef owner)
    {
        (_settings, _tuning, _sink, _notifier, _tracks, _owner) = (settings, tuning, sink, notifier, tracks, owner);
        Backup();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(ClusterSettings settings, LeadershipSettings tuning, IVipSink sink, INotifier notifier, IReadOnlyList<ITrack> tracks, IActorRef owner) =>
        Akka.Actor.Props.Create(() => new VipHolder(settings, tuning, sink, notifier, tracks, owner));

    // A holder is eligible while its lease holds; anyone else while a majority counts it in good standing.
    private bool Eligible => _settings.Role == DirectorRole.Director && (_holding is null ? _leaseHeld : _owned) && _failedTrack is null && !_leaving;

    private string Reason => _leaving ? "leaving" : _holding is not null && !_owned ? "lease ran out" : _holding is null && !_leaseHeld ? "no majority"
        : _failedTrack is { } t ? t + " failed" : "ok";

    private static TimeSpan Now => Stopwatch.GetElapsedTime(0);

    private TimeSpan Lease => _settings.IsolationTimeout;

    private TimeSpan Promise => _settings.IsolationTimeout + _tuning.LeaseMargin;

    protected override void PreStart()
    {
        // Addresses left behind by a crashed run of this director must not stay: nobody granted them to this run.
        LiftFenceIfReleased(_sink.Release(0, _settings.Vips));
        _sink.SetSyncRole(SyncRole.Backup, _settings.SyncDaemon);
        Timers.StartPeriodicTimer("fence", FenceTick.Instance, _tuning.FenceInterval);
        Timers.StartPeriodicTimer("report", ReportTick.Instance, _tuning.ReportInterval);
        if (_tracks.Count > 0)
        {
            Timers.StartPeriodicTimer("track", TrackTick.Instance, TimeSpan.Zero, _tuning.TrackInterval);
        }
    }

    protected override void PostStop() => _leaseEnd?.Cancel();

    private void Backup()
    {
        Common();
        Receive<GrantVips>(grant =>
        {
            if (Accept(grant.Epoch) && Eligible)
            {
                StartAcquiring(grant.Epoch, asSuccessor: false);
            }
            Sender.Tell(Status());
        });
    }

    private void Master()
    {
        Common();
        Receive<GrantVips>(grant =>
        {
            // A new owner adopting us: same VIPs, newer epoch, nothing to redo on the wire.
            if (Accept(grant.Epoch))
            {
                _holding = grant.Epoch;
            }
            Sender.Tell(Status());
        });
        Receive<AnnounceTick>(_ => _sink.Announce(_settings.Vips, _settings.Announce.Repeat));
        Receive<RenewTick>(_ =>
        {
            // The lease first: a holder thawed after a freeze finds its ticks queued, and must notice that its lease
            // lapsed (and release) before it could extend the kernel's lifetime of VIPs that are no longer its own.
            EvaluateLease();
            if (_holding is not null)
            {
                _sink.Renew(_settings.Vips, _tuning.VipLifetime);
            }
        });
    }

    private void Common()
    {
        Receive<RevokeVips>(revoke =>
        {
            Accept(revoke.Epoch);
            StopAcquiring();
            Release("revoked", _settings.NotifyBackup, "backup");
            Sender.Tell(Status());
        });
        Receive<QueryHolder>(_ => Sender.Tell(Status()));
        Receive<NominateSuccessor>(nomination =>
        {
            if (Accept(nomination.Epoch) && _holding is null && _nominated != nomination.Epoch)
            {
                _nominated = nomination.Epoch;
                _log.Info("Nominated to take the VIPs over under epoch {Epoch} if the holder stops renewing its lease", nomination.Epoch);
                // The master sync daemon ready beside the backup one (it sends nothing while this director forwards
                // nothing): starting it took 2-62 ms of the lab's takeovers.
                _sink.SetSyncRole(SyncRole.TakingOver, _settings.SyncDaemon);
            }
            Sender.Tell(Status());
        });
        Receive<WithdrawNomination>(withdrawal =>
        {
            if (Accept(withdrawal.Epoch) && _nominated is not null)
            {
                _nominated = null;
                if (_acquiringAsSuccessor)
                {
                    StopAcquiring();
                }
                if (_holding is null)
                {
                    _sink.SetSyncRole(SyncRole.Backup, _settings.SyncDaemon);
                }
            }
            Sender.Tell(Status());
        });
        Receive<ReportTick>(_ => _owner.Tell(Status()));
        Receive<FenceTick>(_ => PingMembers());
        Receive<FencePong>(pong =>
        {
            var sent = TimeSpan.FromTicks(pong.SentAt);
            var from = Sender.Path.Address.HasLocalScope ? _cluster.SelfAddress : Sender.Path.Address;
            if (pong.InGoodStanding && from != _cluster.SelfAddress)
            {
                _confirmed.Confirm(from, sent);
            }
            if (pong.Promised && sent > _releasedAt)
            {
                Freshest(_promised, from, sent);
                if (from == _cluster.SelfAddress && _holding is null && _acquiring is null && _nominated is { } nominated && Eligible)
                {
                    // Our own voter is free of the holder's promise: the holder stopped renewing here. Ask the others.
                    _log.Info("The holder's lease ran out at this director's voter; taking the VIPs over as the nominated successor");
                    StartAcquiring(nominated, asSuccessor: true);
                }
            }
            EvaluateLease();
        });
        Receive<LeaseCheck>(_ => EvaluateLease());
        Receive<TrackTick>(_ => RunTracks());
        Receive<TracksChecked>(checkedTracks =>
        {
            var was = _failedTrack;
            _failedTrack = checkedTracks.Failed;
            if (was != _failedTrack)
            {
                _log.Info("Track state changed: {Tracks}", _failedTrack ?? "all ok");
                EligibilityChanged();
            }
        });
        Receive<ReleaseForShutdown>(_ =>
        {
            _leaving = true;
            StopAcquiring();
            Release("shutting down", _settings.NotifyBackup, "backup");
            _owner.Tell(Status());
            Sender.Tell(Done.Instance);
        });
    }

    private bool Accept(long epoch)
    {
        if (epoch < _epochSeen)
        {
            _log.Warning("Ignoring a message of stale epoch {Epoch}; seen {EpochSeen}", epoch, _epochSeen);
            return false;
        }
        _epochSeen = epoch;
        return true;
    }

    private static void Freshest(Dictionary<Address, TimeSpan> times, Address from, TimeSpan sent)
    {
        if (!times.TryGetValue(from, out var known) || known < sent)
        {
            times[from] = sent;
        }
    }

    private void PingMembers()
    {
        var state = _cluster.State;
        _leaving |= state.Members.Any(m => m.Address == _cluster.SelfAddress && m.Status is not MemberStatus.Up and not MemberStatus.WeaklyUp and not MemberStatus.Joining);
        // The lease first: a holder thawed after a freeze must find that its lease ran out before it asks to renew it.
        EvaluateLease();
        if (_acquiringAsSuccessor && !_owned && Now - _acquiringSince > _tuning.FenceInterval * 2)
        {
            // No majority within two rounds: the holder still renews with the others. Free our voters for it again.
            StopAcquiring();
        }
        if ((_holding ?? _acquiring) is { } epoch)
        {
            Tell(state.Members.Select(m => m.Address), ClaimPing(epoch));
            return;
        }
        if (_nominated is { } nominated && Eligible)
        {
            // Every voter, ours included: each promises a successor only once the holder's promise there has ended (it
            // stopped renewing there), and decides a claim it could promise within a renewal at that moment. So after
            // a crash the others' promises come in beside our own voter's, not a round trip after it; our own voter's
            // decides when we start (StartAcquiring), a majority of them when we take the VIPs.
            Tell(state.Members.Select(m => m.Address), ClaimPing(nominated) with { Successor = true });
            return;
        }
        Tell(state.Members.Where(m => m.Address != _cluster.SelfAddress).Select(m => m.Address), new FencePing(Now.Ticks));
    }

    // A claim for the lease under EPOCH, sent now, asking each voter for a promise of lease + margin.
    private FencePing ClaimPing(long epoch) => new(Now.Ticks, epoch, Promise.Ticks);

    private void Tell(IEnumerable<Address> voters, object message)
    {
        foreach (var voter in voters)
        {
            Context.ActorSelection(new RootActorPath(voter) / "user" / FencingResponder.Name).Tell(message);
        }
    }

    private void StartAcquiring(long epoch, bool asSuccessor)
    {
        (_acquiring, _acquiringAsSuccessor, _acquiringSince) = (epoch, asSuccessor, Now);
        Tell(_cluster.State.Members.Select(m => m.Address), ClaimPing(epoch));
    }

    private void StopAcquiring()
    {
        if (_acquiring is null)
        {
            return;
        }
        _acquiring = null;
        _acquiringAsSuccessor = false;
        if (_holding is null)
        {
            ReleaseVoters();
        }
    }

    // From now on no promise for an earlier ping counts here, so a voter may free itself as soon as it hears this.
    private void ReleaseVoters()
    {
        _releasedAt = Now;
        _promised.Clear();
        Tell(_cluster.State.Members.Select(m => m.Address), new ReleaseLease(_releasedAt.Ticks));
    }

    private void EvaluateLease()
    {
        var state = _cluster.State;
        var voters = state.Members.Where(m => m.Status is MemberStatus.Up or MemberStatus.Leaving).Select(m => m.Address).ToHashSet();
        var now = Now;
        _confirmed.Align(voters, _cluster.SelfAddress, now);
        foreach (var gone in _promised.Keys.Where(a => !voters.Contains(a)).ToList())
        {
            _promised.Remove(gone);
        }
        var until = voters.Contains(_cluster.SelfAddress)
            ? MajorityLease.ValidUntil(_confirmed.Values, voters.Count, _settings.ExpectedVoters, _tuning.StandingTimeout)
            : null;
        var held = until is { } u && u > now;
        var ownedUntil = voters.Contains(_cluster.SelfAddress) ? OwnershipLease.ValidUntil(_promised.Values, voters.Count, _settings.ExpectedVoters, Lease) : null;
        _owned = ownedUntil is { } o && o > now;
        _ownedUntil = _owned ? ownedUntil!.Value : TimeSpan.Zero;
        if (_holding is not null && _owned && _ownedUntil != _fencedUntil)
        {
            // The kernel answers for the VIPs exactly as long as the lease runs: frozen or dead, this director falls
            // silent at its lease's end, before any voter may promise a successor (their promises run longer). An end
            // that moved earlier (a promised voter left the membership) is written too.
            _fencedUntil = _ownedUntil;
            _sink.Fence(_settings.Vips, _fencedUntil);
        }
        var nextEnd = new[] { held ? until : null, _owned ? ownedUntil : null }.Where(e => e is not null && e != TimeSpan.MaxValue).Min();
        if (nextEnd is { } end && end != _leaseEndAt)
        {
            // Look again exactly when a lease ends, not on the next ping nor Akka's next tick: the VIPs must be out of
            // this kernel within lease-margin of that moment (docs/FAILOVER.md, point 4).
            var self = Self;
            _leaseEnd?.Cancel();
            (_leaseEndAt, _leaseEnd) = (end, LeaseClock.Shared.Set(end - now, () => self.Tell(LeaseCheck.Instance)));
        }
        if (_holding is not null && !_owned)
        {
            Release("lease ran out", _settings.NotifyFault, "fault");
        }
        else if (_acquiring is { } epoch && _owned && ownedUntil - now >= Lease / 2 && _failedTrack is null && !_leaving)
        {
            // With at least half a lease ahead: promises that came back slowly (a stalled host) would have the VIPs
            // added and removed again within moments — a flap that costs GARPs and connections; the next round is fresher.
            Claim(epoch);
        }
        if (held != _leaseHeld)
        {
            _leaseHeld = held;
            _log.Info(held ? "Majority lease held ({Members} voting members, {Expected} expected)" : "Majority lease lost ({Members} voting members, {Expected} expected)",
                voters.Count, _settings.ExpectedVoters);
            EligibilityChanged();
        }
    }

    private void EligibilityChanged()
    {
        if (_holding is not null && !Eligible)
        {
            Release(Reason, _settings.NotifyFault, "fault");
        }
        _owner.Tell(Status());
    }

    // With the VIPs off the interfaces the fence is lifted (their traffic passes: a backup that is also a real server
    // keeps its share); when one could not be removed it stays closed, so that address cannot answer meanwhile.
    private void LiftFenceIfReleased(bool released) => _sink.Fence(_settings.Vips, released ? null : TimeSpan.Zero);

    private void Claim(long epoch)
    {
        var (asking, started) = (Now - _acquiringSince, Now);
        (_holding, _acquiring, _acquiringAsSuccessor, _nominated) = (epoch, null, false, null);
        // The master sync daemon before the VIPs: IPVS sends a connection to the backups on its state changes and on
        // its 3rd, 53rd, … packet (sync_threshold 3 50), so one that opened in the moment between the VIPs going up and
        // the daemon starting reached them only 50 packets later: a quiet long-lived connection perhaps never before the
        // next failover, whose new owner then answers its packets with a reset. Starting it first costs the takeover
        // the netlink round trip of the daemon's start (none when nominated: it runs already); the backup daemon's
        // stop, which waits for its kernel thread, comes after the announcement.
        _sink.SetSyncRole(SyncRole.TakingOver, _settings.SyncDaemon);
        var synced = Now - started;
        _sink.Fence(_settings.Vips, _fencedUntil = _ownedUntil);
        _sink.Claim(epoch, _settings.Vips, _tuning.VipLifetime);
        var added = Now - started;
        Timers.StartPeriodicTimer("renew", RenewTick.Instance, _tuning.VipRenewInterval);
        _sink.Announce(_settings.Vips, _settings.Announce.Repeat);
        _sink.SetSyncRole(SyncRole.Master, _settings.SyncDaemon);
        if (_settings.Announce.Delay > TimeSpan.Zero)
        {
            Timers.StartSingleTimer("announce-delay", AnnounceTick.Instance, _settings.Announce.Delay);
        }
        if (_settings.Announce.Refresh > TimeSpan.Zero)
        {
            Timers.StartPeriodicTimer("announce-refresh", AnnounceTick.Instance, _settings.Announce.Refresh);
        }
        // Where a takeover's time goes, for the operator and the lab: the voters' answers, then the kernel.
        _log.Info("Took the VIPs {Vips} under epoch {Epoch}: promised in {Asking:F0} ms, in the kernel {Added:F0} ms later (sync daemon {Synced:F0} ms)",
            string.Join(", ", _settings.Vips), epoch, asking.TotalMilliseconds, added.TotalMilliseconds, synced.TotalMilliseconds);
        Context.System.EventStream.Publish(new VipOwnershipObserved(_cluster.SelfAddress.ToString(), true));
        Notify(_settings.NotifyMaster, "master", "granted");
        Become(Master);
    }

    private void Release(string reason, NotifyCommand? command, string lvsEvent)
    {
        if (_holding is not { } epoch)
        {
            return;
        }
        Timers.Cancel("announce-delay");
        Timers.Cancel("announce-refresh");
        Timers.Cancel("renew");
        LiftFenceIfReleased(_sink.Release(epoch, _settings.Vips));
        _fencedUntil = TimeSpan.Zero;
        _sink.SetSyncRole(SyncRole.Backup, _settings.SyncDaemon);
        _holding = null;
        // Out of the kernel: the voters may promise the next owner at once (a hand-over costs no lease).
        ReleaseVoters();
        _log.Info("Gave up the VIPs of epoch {Epoch}: {Reason}", epoch, reason);
        Context.System.EventStream.Publish(new VipOwnershipObserved(null, false));
        Notify(command, lvsEvent, reason);
        Become(Backup);
    }

    private void Notify(NotifyCommand? command, string lvsEvent, string reason)
    {
        if (command is null)
        {
            return;
        }
        _notifier.Run(command, LeadershipNotice.Environment(lvsEvent, reason, _holding ?? _epochSeen, _settings.Vips));
    }

    private void RunTracks()
    {
        var (tracks, timeout) = (_tracks, _tuning.TrackInterval);
        Task.Run(async () => new TracksChecked(await Tracks.FirstFailedAsync(tracks, timeout))).PipeTo(Self);
    }

    private HolderStatus Status() =>
        new(++_sequence, _epochSeen, _holding, _settings.Priority, _settings.Preempt, _settings.PreemptDelay, Eligible, Reason, _nominated,
            _acquiring is not null && !_acquiringAsSuccessor);

    /// <summary>Asks the holder to give up the VIPs before this node leaves (a CoordinatedShutdown task); answers Done.</summary>
    public sealed record ReleaseForShutdown
    {
        public static readonly ReleaseForShutdown Instance = new();
    }

    private sealed record FenceTick
    {
        public static readonly FenceTick Instance = new();
    }

    private sealed record LeaseCheck
    {
        public static readonly LeaseCheck Instance = new();
    }

    private sealed record ReportTick
    {
        public static readonly ReportTick Instance = new();
    }

    private sealed record TrackTick
    {
        public static readonly TrackTick Instance = new();
    }

    private sealed record AnnounceTick
    {
        public static readonly AnnounceTick Instance = new();
    }

    private sealed record RenewTick
    {
        public static readonly RenewTick Instance = new();
    }

    private sealed record TracksChecked(string? Failed);
}
