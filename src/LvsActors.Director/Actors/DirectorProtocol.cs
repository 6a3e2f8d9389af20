using Akka.Actor;
using LvsActors.Model;
using LvsActors.Table;

namespace LvsActors.Director.Actors;

/// <summary>Load a new configuration: added, removed and changed services reconcile; unchanged ones are not touched.</summary>
public sealed record Reload(LvsConfig Config);

/// <summary>Published on the event stream when a configuration was applied at start or by a reload.</summary>
public sealed record ConfigurationApplied(LvsConfig Config);

/// <summary>The reload was applied: how many services were added, changed, removed and left alone.</summary>
public sealed record Reloaded(int Added, int Changed, int Removed, int Unchanged);

/// <summary>
/// Tells the data-plane actor, at start and on reload, what the configuration has (name → key) and which services are
/// about to report: it writes nothing until they have, and never removes a configured service it has not heard from.
/// </summary>
public sealed record AwaitServices(IReadOnlyDictionary<string, VirtualServiceKey> Configured, IReadOnlyCollection<string> Reporting);

/// <summary>The table a virtual service wants programmed, or null to remove it. The data plane keys it by sender.</summary>
public sealed record DesiredServiceState(string VirtualService, ServiceEntry? Entry);

/// <summary>Asks the data-plane actor for the table it last applied.</summary>
public sealed record GetAppliedTable
{
    public static readonly GetAppliedTable Instance = new();
    private GetAppliedTable() { }
}

/// <summary>The table the data plane holds, by virtual service name.</summary>
public sealed record AppliedTable(IReadOnlyDictionary<string, ServiceEntry> Services);

/// <summary>Published on the event stream after each write to the data plane.</summary>
public sealed record TableApplied(IReadOnlyList<TableChange> Changes, TimeSpan Duration);

/// <summary>Published on the event stream when the data plane refused a write; the data-plane actor retries.</summary>
public sealed record TableApplyFailed(string Reason);

/// <summary>Tells a virtual service removed by a reload to withdraw its entry from the table and stop.</summary>
public sealed record RetireVirtualService
{
    public static readonly RetireVirtualService Instance = new();
    private RetireVirtualService() { }
}

/// <summary>Asks the director for its VirtualServiceActors, to query each for its status.</summary>
public sealed record GetVirtualServices
{
    public static readonly GetVirtualServices Instance = new();
    private GetVirtualServices() { }
}

/// <summary>The director's VirtualServiceActors by service name.</summary>
public sealed record VirtualServiceActors(IReadOnlyDictionary<string, IActorRef> Services);
