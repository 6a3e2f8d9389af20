using LvsActors.Model;

namespace LvsActors.Director.DataPlanes.Userspace;

/// <summary>
/// A real server's counters in the userspace proxy, as <c>ipvsadm -L -n --persistent-conn</c> shows them for IPVS.
/// </summary>
/// <param name="Endpoint">The real server.</param>
/// <param name="Weight">Its weight in the table.</param>
/// <param name="ActiveConnections">Open TCP connections relayed to it.</param>
/// <param name="InactiveConnections">Closed TCP connections within the inactive timeout, and open UDP flows.</param>
/// <param name="PersistentConnections">Persistence templates that bind clients to it.</param>
/// <param name="Overloaded">Above its upper connection threshold: skipped by the scheduler.</param>
public sealed record RealServerCounters(
    Endpoint Endpoint,
    int Weight,
    int ActiveConnections,
    int InactiveConnections,
    int PersistentConnections,
    bool Overloaded);
