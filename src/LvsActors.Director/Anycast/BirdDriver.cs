using System.Net;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using LvsActors.Linux.Bird;
using LvsActors.Model;
using LvsActors.Rendering;

namespace LvsActors.Director.Anycast;

/// <summary>
/// Drives the BIRD 2 daemon of an active-active director (at /user/bird): writes the director's part of BIRD's
/// configuration (<see cref="BirdInclude"/>) to lvs.cluster.bgp.config-file when it differs, has BIRD re-read it over the
/// control socket, and keeps the router sessions' states for the status (<see cref="GetBgpSessions"/>). What is
/// announced is decided elsewhere (the AnycastHolder holds or removes the VIP addresses; BIRD follows the interface).
/// BIRD unreachable or refusing the file is logged once per cause and retried; nothing here blocks the director.
/// With VIP groups it also follows the cluster's Up and reachable directors and renders this director's preferred groups
/// (<see cref="VipSpread"/>) as the short path, the others' as the long one.
/// </summary>
public sealed class BirdDriver : ReceiveActor, IWithTimers
{
    /// <summary>The actor's name under /user.</summary>
    public const string Name = "bird";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan SessionPoll = TimeSpan.FromSeconds(5);

    private readonly BgpSettings _bgp;
    private readonly IReadOnlyList<Vip> _vips;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Cluster _cluster = Cluster.Get(Context.System);
    private bool _configured;
    private string? _lastProblem;
    private BgpSessions _sessions = new([], "not read yet");
    private IReadOnlySet<IPAddress>? _preferred;

    public BirdDriver(BgpSettings bgp, IReadOnlyList<Vip> vips)
    {
        (_bgp, _vips) = (bgp, vips);
        ReceiveAsync<Configure>(async _ =>
        {
            try
            {
                WriteInclude();
                using var control = await BirdControl.ConnectAsync(_bgp.ControlSocket, Timeout);
                await control.ConfigureAsync();
                _configured = true;
                _lastProblem = null;
                _log.Info("BIRD re-read {File}: announcing through {Routers}", _bgp.ConfigFile, string.Join(", ", _bgp.Routers.Select(r => $"{r.Address} (AS {r.As})")));
                Self.Tell(PollSessions.Instance);
            }
            catch (Exception e) when (e is BirdException or IOException or UnauthorizedAccessException)
            {
                Problem(e.Message);
                Timers.StartSingleTimer("configure", Configure.Instance, Retry);
            }
        });
        Receive<ClusterEvent.CurrentClusterState>(state =>
        {
            var directors = state.Members
                .Where(m => m.Status == MemberStatus.Up && m.HasRole(ClusterRoles.Director) && !state.Unreachable.Contains(m))
                .Select(m => m.Address.ToString()).ToList();
            var preferred = VipSpread.PreferredVips(_vips, directors, _cluster.SelfAddress.ToString());
            if (_preferred is null || !_preferred.SetEquals(preferred))
            {
                _log.Info("VIP groups over {Directors} directors: preferred here {Preferred}", directors.Count,
                    preferred.Count == 0 ? "none" : string.Join(", ", _vips.Where(v => preferred.Contains(v.Address)).Select(v => $"{v.Address} ({v.Group})")));
                _preferred = preferred;
                Self.Tell(Configure.Instance);
            }
        });
        Receive<ClusterEvent.IClusterDomainEvent>(_ => _cluster.SendCurrentClusterState(Self));
        ReceiveAsync<PollSessions>(async _ => await ReadSessionsAsync());
        // A status asks for the sessions as they are now, not as the last poll left them.
        ReceiveAsync<GetBgpSessions>(async _ =>
        {
            var replyTo = Sender;
            await ReadSessionsAsync();
            replyTo.Tell(_sessions);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(BgpSettings bgp, IReadOnlyList<Vip> vips) => Akka.Actor.Props.Create(() => new BirdDriver(bgp, vips));

    protected override void PreStart()
    {
        if (_vips.Any(v => v.Group is not null))
        {
            _cluster.Subscribe(Self, ClusterEvent.InitialStateAsSnapshot, typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));
        }
        Self.Tell(Configure.Instance);
        Timers.StartPeriodicTimer("sessions", PollSessions.Instance, SessionPoll);
    }

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    // `show protocols`: the router sessions now; a BIRD gone since it was configured is configured again once back.
    private async Task ReadSessionsAsync()
    {
        try
        {
            using var control = await BirdControl.ConnectAsync(_bgp.ControlSocket, Timeout);
            var protocols = await control.ProtocolsAsync();
            var sessions = protocols.Where(p => p.Kind == "BGP" && p.Name.StartsWith("lvs_router", StringComparison.Ordinal)).ToList();
            foreach (var changed in sessions.Where(s => _sessions.Sessions.FirstOrDefault(o => o.Name == s.Name) is not { } old || old.IsEstablished != s.IsEstablished))
            {
                _log.Info("BGP session {Session}: {State} {Info}", changed.Name, changed.State, changed.Info);
            }
            _sessions = new BgpSessions(sessions, null);
            if (!_configured)
            {
                // BIRD came back (restarted without our include?): configure again.
                Self.Tell(Configure.Instance);
            }
        }
        catch (BirdException e)
        {
            _sessions = new BgpSessions(_sessions.Sessions, e.Message);
            _configured = false;
            Problem(e.Message);
        }
    }

    // Only when it differs: BIRD restarts a protocol whose options changed, and rewriting the same text changes nothing.
    private void WriteInclude()
    {
        var text = BirdInclude.Render(_bgp, _vips, "lvs.cluster.bgp", _preferred);
        if (File.Exists(_bgp.ConfigFile) && File.ReadAllText(_bgp.ConfigFile) == text)
        {
            return;
        }
        var temporary = _bgp.ConfigFile + ".lvsactors-new";
        File.WriteAllText(temporary, text);
        File.Move(temporary, _bgp.ConfigFile, overwrite: true);
    }

    private void Problem(string message)
    {
        if (message != _lastProblem)
        {
            _log.Error("BIRD: {Problem}; the VIPs are announced only once BIRD runs with {File} included (retrying)", message, _bgp.ConfigFile);
            _lastProblem = message;
        }
    }

    private sealed record Configure
    {
        public static readonly Configure Instance = new();
    }

    private sealed record PollSessions
    {
        public static readonly PollSessions Instance = new();
    }
}

/// <summary>The router sessions as BIRD last listed them, and why they could not be read (null when they were).</summary>
public sealed record BgpSessions(IReadOnlyList<BirdProtocol> Sessions, string? Problem);

/// <summary>Asks the <see cref="BirdDriver"/> for the <see cref="BgpSessions"/>.</summary>
public sealed record GetBgpSessions
{
    public static readonly GetBgpSessions Instance = new();
}
