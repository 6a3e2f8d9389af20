using Akka.Actor;
using LvsActors.Director.Actors;
using LvsActors.Director.DataPlanes;
using LvsActors.Director.Intent;

namespace LvsActors.Director.Admin;

/// <summary>Everything the admin API and the metrics show about one director, read in one go.</summary>
/// <param name="Admin">The operator intent and its version, or null while the admin journal is unavailable.</param>
/// <param name="AdminError">Why <paramref name="Admin"/> is null.</param>
/// <param name="Counters">Data-plane counters by service key, or null when the data plane keeps none.</param>
public sealed record DirectorStatus(
    string DataPlane,
    IReadOnlyList<ServiceStatus> Services,
    AdminStateChanged? Admin,
    string? AdminError,
    IReadOnlyDictionary<string, ServiceStats>? Counters,
    string? CountersError);

/// <summary>Reads a <see cref="DirectorStatus"/>: asks the director for its services, each service for its state,
/// the AdminState for the intent and the data plane for its counters, in parallel.</summary>
public sealed class DirectorStatusReader(IActorRef director, IActorRef adminState, string dataPlane, IDataPlaneStats? stats, TimeSpan timeout)
{
    public async Task<DirectorStatus> ReadAsync(CancellationToken cancellationToken)
    {
        var actors = await director.Ask<VirtualServiceActors>(GetVirtualServices.Instance, timeout, cancellationToken);
        var services = Task.WhenAll(actors.Services.Values.Select(a => a.Ask<ServiceStatus>(GetServiceStatus.Instance, timeout, cancellationToken)));
        var admin = AskAdmin(cancellationToken);
        var counters = ReadCounters(cancellationToken);
        var (intent, adminError) = await admin;
        var (stat, statError) = await counters;
        return new DirectorStatus(dataPlane, (await services).OrderBy(s => s.Name, StringComparer.Ordinal).ToList(), intent, adminError, stat, statError);
    }

    private async Task<(AdminStateChanged?, string?)> AskAdmin(CancellationToken cancellationToken)
    {
        try
        {
            return await adminState.Ask<object>(GetAdminIntent.Instance, timeout, cancellationToken) switch
            {
                AdminStateChanged changed => (changed, null),
                AdminWriteFailed failed => (null, failed.Reason),
                var other => (null, $"unexpected answer {other.GetType().Name}"),
            };
        }
        catch (AskTimeoutException)
        {
            return (null, $"the admin state did not answer within {timeout.TotalSeconds:0.#}s");
        }
    }

    private async Task<(IReadOnlyDictionary<string, ServiceStats>?, string?)> ReadCounters(CancellationToken cancellationToken)
    {
        if (stats is null)
        {
            return (null, $"the {dataPlane} data plane keeps no counters");
        }
        try
        {
            var read = await stats.ReadStatsAsync(cancellationToken);
            return (read.ToDictionary(s => s.Key, StringComparer.Ordinal), null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return (null, $"reading the {dataPlane} data plane's counters failed: {e.Message}");
        }
    }
}
