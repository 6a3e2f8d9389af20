using System.Text.RegularExpressions;
using Akka.Actor;
using LvsActors.Director.Actors;
using LvsActors.Director.Intent;

namespace LvsActors.Director.Admin;

/// <summary>One thing that happened, in a line: for GET /api/v1/events.</summary>
public sealed record RecentEvent(DateTimeOffset At, string Type, string? VirtualService, string Summary);

/// <summary>Asks the <see cref="RecentEventsActor"/> for its newest <see cref="Limit"/> events.</summary>
public sealed record GetRecentEvents(int Limit);

/// <summary>The newest events, oldest first.</summary>
public sealed record RecentEvents(IReadOnlyList<RecentEvent> Events);

/// <summary>
/// Keeps the last lvs.admin.recent-events changes seen on the event stream — real server health, quorum, table
/// writes and failures, operator intent — so an operator can ask "what just happened?" without reading logs.
/// </summary>
public sealed partial class RecentEventsActor : ReceiveActor
{
    private readonly Queue<RecentEvent> _events = new();
    private readonly int _capacity;

    public RecentEventsActor(int capacity)
    {
        _capacity = capacity;
        Receive<RealServerStateChanged>(e => Add("real-server", e.VirtualService, $"{e.RealServer} is {(e.Up ? "up" : "down")} with weight {e.Weight}: {e.Reason}"));
        Receive<QuorumChanged>(e => Add("quorum", e.VirtualService, $"quorum {(e.Up ? "regained" : "lost")} at live weight {e.LiveWeight}"));
        Receive<TableApplied>(e => Add("table", null, $"{e.Changes.Count} changes in {e.Duration.TotalMilliseconds:0.0} ms: {string.Join("; ", e.Changes.Take(5))}"));
        Receive<TableApplyFailed>(e => Add("table-failed", null, e.Reason));
        Receive<IAdminEvent>(e => Add("admin", e.VirtualService, TokenHash().Replace($"{e.GetType().Name} by {e.By}: {e}", "token")));
        Receive<GetRecentEvents>(get => Sender.Tell(new RecentEvents(_events.Skip(Math.Max(0, _events.Count - get.Limit)).ToList())));
    }

    public static Props Props(int capacity) => Akka.Actor.Props.Create(() => new RecentEventsActor(capacity));

    protected override void PreStart()
    {
        foreach (var type in new[] { typeof(RealServerStateChanged), typeof(QuorumChanged), typeof(TableApplied), typeof(TableApplyFailed), typeof(IAdminEvent) })
        {
            Context.System.EventStream.Subscribe(Self, type);
        }
    }

    // Directors before issue 16 named an unnamed writer by 8 hex digits of its token's SHA-256. Such events can still
    // arrive (from the journal, from an older cluster member), and these events are readable without a token.
    [GeneratedRegex("sha256:[0-9a-f]{8}")]
    private static partial Regex TokenHash();

    private void Add(string type, string? service, string summary)
    {
        _events.Enqueue(new RecentEvent(DateTimeOffset.UtcNow, type, service, summary));
        while (_events.Count > _capacity)
        {
            _events.Dequeue();
        }
    }
}
