using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using LvsActors.Model;

namespace LvsActors.Director.Anycast;

/// <summary>
/// Active-active: agrees the real servers' health across the directors (at /user/verdicts), so that every director
/// puts the same real servers in its table and a flow that the routers move between directors keeps its real server.
/// It gathers this director's verdicts (the VirtualServiceActors' <see cref="LocalVerdicts"/>: pushed on every change,
/// asked for every second), sends them to every other Up director's exchange on each change and every second, and
/// publishes on the event stream the <see cref="AgreedVerdicts"/> of <see cref="VerdictMajority"/> for each service
/// whose agreement changed (all of them every second, for services started since).
/// </summary>
public sealed class VerdictExchange : ReceiveActor, IWithTimers
{
    /// <summary>The actor's name under /user.</summary>
    public const string Name = "verdicts";

    private readonly Cluster _cluster = Cluster.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, IReadOnlyList<Endpoint>> _local = [];
    private readonly Dictionary<Address, IReadOnlySet<string>> _peers = [];
    private Dictionary<string, HashSet<Endpoint>> _agreed = [];

    public VerdictExchange(TimeSpan interval)
    {
        Receive<LocalVerdicts>(verdicts =>
        {
            var known = _local.TryGetValue(verdicts.VirtualService, out var before) && before.SequenceEqual(verdicts.Down);
            _local[verdicts.VirtualService] = verdicts.Down;
            if (!known)
            {
                SendToPeers();
                Agree(republish: false);
            }
        });
        Receive<DirectorVerdicts>(verdicts =>
        {
            var from = Sender.Path.Address;
            if (from.HasLocalScope || from == _cluster.SelfAddress)
            {
                return;
            }
            _peers[from] = verdicts.Down.ToHashSet();
            Agree(republish: false);
        });
        Receive<Tick>(_ =>
        {
            Context.ActorSelection("/user/director/vs-*").Tell(GetLocalVerdicts.Instance);
            SendToPeers();
            Agree(republish: true);
        });
        Timers.StartPeriodicTimer("tick", Tick.Instance, TimeSpan.Zero, interval);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(TimeSpan interval) => Akka.Actor.Props.Create(() => new VerdictExchange(interval));

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(LocalVerdicts));

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    private List<Address> Directors() =>
        _cluster.State.Members.Where(m => m.Status == MemberStatus.Up && m.HasRole(ClusterRoles.Director)).Select(m => m.Address).ToList();

    private void SendToPeers()
    {
        var down = _local.SelectMany(s => s.Value.Select(e => VerdictMajority.Key(s.Key, e))).ToArray();
        foreach (var peer in Directors().Where(a => a != _cluster.SelfAddress))
        {
            Context.ActorSelection(new RootActorPath(peer) / "user" / Name).Tell(new DirectorVerdicts(down));
        }
    }

    private void Agree(bool republish)
    {
        var directors = Directors();
        // A director that left no longer votes; one not yet Up (or this one, before it is) counts as one voter.
        foreach (var gone in _peers.Keys.Where(a => !directors.Contains(a)).ToList())
        {
            _peers.Remove(gone);
        }
        var electorate = Math.Max(1, directors.Count(a => a != _cluster.SelfAddress) + 1);
        var agreed = VerdictMajority.Agree(_local, _peers.Values, electorate);
        foreach (var (service, down) in agreed)
        {
            var changed = !_agreed.TryGetValue(service, out var before) || !before.SetEquals(down);
            if (changed)
            {
                _log.Info("{VirtualService}: agreed by {Directors} directors, down: {Down}", service, electorate, down.Count == 0 ? "none" : string.Join(", ", down));
            }
            if (changed || republish)
            {
                Context.System.EventStream.Publish(new AgreedVerdicts(service, down.ToList()));
            }
        }
        _agreed = agreed;
    }

    private sealed record Tick
    {
        public static readonly Tick Instance = new();
    }
}
