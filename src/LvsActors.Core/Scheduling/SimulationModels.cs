using LvsActors.Model;

namespace LvsActors.Scheduling;

// The simulation speaks the configuration's identities (Endpoint); Simulation.Run turns them into the schedulers'
// allocation-free RealServerKey once, and reports back the Endpoint instances it was given.

/// <summary>A real server in a simulation, given in the order it is added to the service.</summary>
/// <param name="Server">Address and port.</param>
/// <param name="Weight">0–65535.</param>
/// <param name="Thresholds">Upper/lower connection thresholds (0 = none).</param>
public sealed record SimulatedServer(Endpoint Server, int Weight, ConnectionThresholds Thresholds = default);

/// <summary>One client connection in a simulation.</summary>
/// <param name="Source">Client address and port.</param>
/// <param name="Destination">Destination address and port; null means the virtual service's own address.</param>
public sealed record SimulatedConnection(Endpoint Source, Endpoint? Destination = null);

/// <summary>Removes <paramref name="Server"/> from the service right after connection number
/// <paramref name="AfterConnection"/> (1-based; 0 removes it before the first connection).</summary>
public sealed record SimulatedRemoval(int AfterConnection, Endpoint Server);

/// <summary>Everything a simulation needs.</summary>
/// <param name="Scheduler">Scheduler name, e.g. "wrr" (see <see cref="SchedulerCatalog.Names"/>).</param>
/// <param name="VirtualService">The virtual service's address and port: the default destination of connections.</param>
/// <param name="Servers">Real servers in the order they are added.</param>
/// <param name="Connections">Connections in arrival order.</param>
public sealed record SimulationRequest(
    string Scheduler,
    Endpoint VirtualService,
    IReadOnlyList<SimulatedServer> Servers,
    IReadOnlyList<SimulatedConnection> Connections)
{
    /// <summary>Scheduler flags, e.g. "sh-port" (see <see cref="SchedulerCatalog.FlagNamesFor"/>).</summary>
    public IReadOnlyList<string> Flags { get; init; } = [];

    /// <summary>
    /// True: every connection stays open (active) for the whole run. False: each connection is closed before the
    /// next one arrives and from then on counts as inactive, as the kernel's TIME_WAIT entry does.
    /// </summary>
    public bool KeepOpen { get; init; }

    /// <summary>Servers to remove during the run.</summary>
    public IReadOnlyList<SimulatedRemoval> Removals { get; init; } = [];

    /// <summary>Scheduler settings; by default a clock that never advances (lblc/lblcr entries never expire), the
    /// kernel's table sizes, and <see cref="Random.Shared"/> for twos (pass a seeded <see cref="Random"/> to repeat a run).</summary>
    public SchedulerOptions Options { get; init; } = SchedulerOptions.Default with { ClockMilliseconds = static () => 0 };
}

/// <summary>Where one connection went.</summary>
/// <param name="Connection">1-based connection number.</param>
/// <param name="Server">The chosen server, or null when the scheduler found none (the kernel drops or bypasses).</param>
public sealed record SimulatedChoice(int Connection, Endpoint? Server);

/// <summary>One server's totals at the end of a simulation.</summary>
/// <param name="Server">Address and port.</param>
/// <param name="Weight">Its weight.</param>
/// <param name="Connections">Connections scheduled to it.</param>
/// <param name="ActiveConnections">Of those, still active at the end (or at its removal).</param>
/// <param name="InactiveConnections">Of those, inactive at the end (or at its removal).</param>
/// <param name="Removed">True when it was removed during the run.</param>
public sealed record SimulatedServerTotals(
    Endpoint Server, int Weight, int Connections, int ActiveConnections, int InactiveConnections, bool Removed);

/// <summary>The outcome of a simulation.</summary>
/// <param name="Choices">One entry per connection, in order.</param>
/// <param name="Servers">Per-server totals, in the order the servers were given.</param>
public sealed record SimulationResult(IReadOnlyList<SimulatedChoice> Choices, IReadOnlyList<SimulatedServerTotals> Servers)
{
    /// <summary>Connections for which no server was available.</summary>
    public int Unscheduled => Choices.Count(c => c.Server is null);
}
