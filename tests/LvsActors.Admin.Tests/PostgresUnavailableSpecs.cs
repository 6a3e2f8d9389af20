using Akka.Actor;
using LvsActors.Director.DataPlanes;
using LvsActors.Director.Intent;
using static LvsActors.Admin.Tests.TestDirector;

namespace LvsActors.Admin.Tests;

/// <summary>With the PostgreSQL server stopped, a write is refused with the database's error; once it is back, writes are taken.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresUnavailableSpecs : IAsyncLifetime
{
    public async Task InitializeAsync() => await PostgresJournal.RequireAsync();

    [Fact]
    public async Task A_write_while_the_database_is_stopped_is_refused_and_changes_nothing()
    {
        var plane = new DryRunDataPlane();
        await using var host = Start(Text(PostgresJournal.Journal, $"persistence-id = \"down-spec-{Guid.NewGuid():N}\""), plane);
        await Ready(host.AdminState);
        Assert.IsType<AdminWriteAccepted>(await Send(host.AdminState, new OverrideWeight(Service, Rs2, 4, "spec")));
        await Eventually(() => WeightOf(plane, Rs2) == 4, "the override applied");

        PostgresJournal.Script("stop");
        try
        {
            var refused = Assert.IsType<AdminWriteFailed>(await Send(host.AdminState, new DrainRealServer(Service, Rs1, null, "spec"), 30));
            Assert.Contains("nothing was changed", refused.Reason);
            Assert.Equal(3, WeightOf(plane, Rs1));
        }
        finally
        {
            PostgresJournal.Script("");
        }

        await Eventually(() => host.AdminState.Ask<AdminWriteResult>(new DrainRealServer(Service, Rs1, null, "spec"), TimeSpan.FromSeconds(20)).Result is AdminWriteAccepted,
            "a write taken once the database is back", 60);
        await Eventually(() => WeightOf(plane, Rs1) == 0 && WeightOf(plane, Rs2) == 4, "the drain applied, the earlier override kept");
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
