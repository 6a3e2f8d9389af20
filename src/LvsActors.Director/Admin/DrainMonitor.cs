using Akka.Actor;
using LvsActors.Director.Intent;
using LvsActors.Director.Leadership;

namespace LvsActors.Director.Admin;

/// <summary>
/// Completes drains early: while a drain is pending, it reads the data plane's counters every
/// lvs.admin.drain-poll-interval and tells the AdminState <see cref="CompleteDrain"/> once the drained real server has
/// no active connection. Only where traffic flows: on a single director always; in a cluster only while this director
/// owns the VIPs (a hot standby sees no connections and would complete every drain at once).
/// </summary>
public sealed class DrainMonitor : ReceiveActor, IWithTimers
{
    private const string PollTimer = "poll";
    private readonly DirectorStatusReader _reader;
    private readonly IActorRef _adminState;
    private readonly TimeSpan _interval;
    private AdminIntent _intent = AdminIntent.Empty;
    private bool _ownsTraffic;

    public DrainMonitor(DirectorStatusReader reader, IActorRef adminState, TimeSpan interval, bool clustered)
    {
        _reader = reader;
        _adminState = adminState;
        _interval = interval;
        _ownsTraffic = !clustered;
        Receive<AdminStateChanged>(changed => _intent = changed.Intent);
        Receive<VipOwnershipObserved>(observed => _ownsTraffic = observed.OwnedHere);
        Receive<Poll>(_ => OnPoll());
        Receive<DirectorStatus>(OnStatus);
        Receive<Status.Failure>(_ => Timers.StartSingleTimer(PollTimer, Poll.Instance, _interval));
        // The AdminState's answers to CompleteDrain: the outcome shows in the next AdminStateChanged.
        Receive<AdminWriteResult>(_ => { });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="clustered">True in a cluster: judge only while owning the VIPs.</param>
    public static Props Props(DirectorStatusReader reader, IActorRef adminState, TimeSpan interval, bool clustered) =>
        Akka.Actor.Props.Create(() => new DrainMonitor(reader, adminState, interval, clustered));

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(AdminStateChanged));
        Context.System.EventStream.Subscribe(Self, typeof(VipOwnershipObserved));
        Timers.StartSingleTimer(PollTimer, Poll.Instance, _interval);
    }

    private void OnPoll()
    {
        if (!_ownsTraffic || !_intent.PendingDrains().Any())
        {
            Timers.StartSingleTimer(PollTimer, Poll.Instance, _interval);
            return;
        }
        _reader.ReadAsync(CancellationToken.None).PipeTo(Self);
    }

    private void OnStatus(DirectorStatus status)
    {
        foreach (var (service, server, _) in _intent.PendingDrains())
        {
            var key = status.Services.FirstOrDefault(s => s.Name == service)?.Key;
            if (key is not null && status.Counters?.GetValueOrDefault(key)?.Destinations.FirstOrDefault(d => d.Endpoint.ToString() == server) is { ActiveConnections: 0 })
            {
                _adminState.Tell(new CompleteDrain(service, server, "no active connections left", "director"), Self);
            }
        }
        Timers.StartSingleTimer(PollTimer, Poll.Instance, _interval);
    }

    private sealed record Poll
    {
        public static readonly Poll Instance = new();
    }
}
