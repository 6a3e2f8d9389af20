using LvsActors.Director.Actors;
using LvsActors.Director.DataPlanes;
using LvsActors.Table;
using Xunit.Abstractions;

namespace LvsActors.Director.Tests.Actors;

/// <summary>A data plane that refuses a write loses nothing: the data-plane actor retries the whole desired table.</summary>
public sealed class DataPlaneRetrySpecs(ITestOutputHelper output) : DirectorSpec(output)
{
    /// <summary>Refuses the first writes as a kernel would (module missing, then loaded), then behaves as the dry run.</summary>
    private sealed class RefusingDataPlane(DryRunDataPlane inner, int refusals) : IDataPlane
    {
        private int _refusals = refusals;

        public string Name => "refusing";

        public Task<IReadOnlyList<TableChange>> ApplyAsync(IReadOnlyCollection<ServiceEntry> desired, CancellationToken cancellationToken, KeptServices? kept = null) =>
            Interlocked.Decrement(ref _refusals) >= 0
                ? Task.FromException<IReadOnlyList<TableChange>>(new DataPlaneException("IPVS AddService 127.0.0.1:18084/TCP: scheduler module ip_vs_rr not found"))
                : inner.ApplyAsync(desired, cancellationToken, kept);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    [Fact]
    public void A_refused_write_is_published_and_retried_until_it_lands()
    {
        var failures = CreateTestProbe();
        Sys.EventStream.Subscribe(failures.Ref, typeof(TableApplyFailed));
        var settings = DirectorSettings.Default with { RetryBackoff = TimeSpan.FromMilliseconds(50) };
        var config = Config("""lvs.virtual-services.web { address = "127.0.0.1:18084", scheduler = rr, real-servers = [ { address = "127.0.0.1:9002" } ] }""");
        Sys.ActorOf(DirectorSupervisor.Props(config, new RefusingDataPlane(DataPlane, 2), Services(), settings));

        Assert.Contains("scheduler module ip_vs_rr not found", failures.ExpectMsg<TableApplyFailed>().Reason);
        failures.ExpectMsg<TableApplyFailed>();
        AwaitTable("-A -t 127.0.0.1:18084 -s rr\n-a -t 127.0.0.1:18084 -r 127.0.0.1:9002 -m -w 1\n");
    }
}
