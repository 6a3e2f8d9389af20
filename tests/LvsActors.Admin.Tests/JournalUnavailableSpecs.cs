using LvsActors.Director.DataPlanes;
using LvsActors.Director.Intent;
using static LvsActors.Admin.Tests.TestDirector;

namespace LvsActors.Admin.Tests;

/// <summary>When the journal cannot be written, a write is refused with the reason and nothing changes.</summary>
public sealed class JournalUnavailableSpecs : IDisposable
{
    private readonly ScratchFolder _scratch = new();

    [Fact]
    public async Task A_write_to_an_unwritable_SQLite_path_is_refused_with_the_reason()
    {
        // A regular file where the journal's folder should be: neither root nor anyone can create the database there.
        var blocker = _scratch.File("not-a-folder");
        await File.WriteAllTextAsync(blocker, "");
        var plane = new DryRunDataPlane();
        await using var host = Start(Text(Sqlite(Path.Combine(blocker, "admin.db"))), plane);
        await Eventually(() => WeightOf(plane, Rs1) == 3, "web programmed as configured");

        var result = await Send(host.AdminState, new DrainRealServer(Service, Rs1, null, "spec"));

        var failed = Assert.IsType<AdminWriteFailed>(result);
        Assert.Contains("journal", failed.Reason);
        Assert.Contains("nothing was changed", failed.Reason);
        await Task.Delay(300);
        Assert.Equal(3, WeightOf(plane, Rs1));
    }

    public void Dispose() => _scratch.Dispose();
}
