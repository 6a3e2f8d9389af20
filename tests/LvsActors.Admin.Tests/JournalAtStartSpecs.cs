using LvsActors.Director.Admin;
using LvsActors.Director.DataPlanes;
using LvsActors.Director.Intent;
using Microsoft.Data.Sqlite;
using static LvsActors.Admin.Tests.TestDirector;

namespace LvsActors.Admin.Tests;

/// <summary>
/// <c>lvsactors run</c> on a SQLite admin journal that is not one stops at once with exit 2 and one line naming the
/// file and why, and leaves the file byte for byte as it was; only a path without a file starts a new journal.
/// </summary>
public sealed class JournalAtStartSpecs : IDisposable
{
    private readonly ScratchFolder _scratch = new();

    [Theory]
    [InlineData("truncated", "truncated: ")]
    [InlineData("garbage", "not a SQLite database (file is 4096 bytes of something else)")]
    [InlineData("foreign", "a SQLite database of something else: its tables are orders, users")]
    [InlineData("corrupt", "corrupt: ")]
    [InlineData("directory", "a directory, not a file")]
    [InlineData("empty", "an empty file (0 bytes), not an admin journal")]
    public async Task A_journal_that_is_not_one_stops_the_start_with_exit_2_naming_it_and_stays_untouched(string kind, string reason)
    {
        var path = _scratch.File("admin.db");
        await Make(kind, path);
        var before = Snapshot(path);

        using var run = new DirectorRun(Config(path), "15s");
        var exit = run.WaitForExit();

        Assert.True(exit == 2, $"exit {exit}, expected 2; the director logged:\n{run.Log}");
        var named = Assert.Single(run.Lines, l => l.Contains("Admin journal", StringComparison.Ordinal));
        Assert.Contains($"Admin journal {path}: {reason}", named);
        Assert.DoesNotContain(run.Lines, l => l.StartsWith("   at ", StringComparison.Ordinal));
        Assert.Equal(before, Snapshot(path));
    }

    [Fact]
    public async Task A_path_without_a_file_is_a_new_journal_said_once_and_the_intent_in_it_is_recovered_at_the_next_start()
    {
        var path = _scratch.File("state/admin.db");
        using (var first = new DirectorRun(Config(path), "60s"))
        {
            var api = first.ApiAddress();
            first.WaitFor("Admin state recovered at version 0");
            using var client = Operator(api);
            var drained = await client.PostAsync($"api/v1/services/{Service}/real-servers/{Rs1}/drain", null);
            Assert.True(drained.IsSuccessStatusCode, $"drain: {(int)drained.StatusCode} {await drained.Content.ReadAsStringAsync()}");
            Assert.Single(first.Lines, l => l.Contains($"New admin journal at {path}", StringComparison.Ordinal));
        }
        Assert.Null(SqliteJournalCheck.Check(path, Schema()).Problem);

        using var second = new DirectorRun(Config(path), "60s");
        second.WaitFor("Admin state recovered at version 1");
        Assert.DoesNotContain(second.Lines, l => l.Contains("New admin journal", StringComparison.Ordinal));
    }

    public void Dispose() => _scratch.Dispose();

    private string Config(string journal)
    {
        var file = _scratch.File($"director-{Guid.NewGuid():N}.conf");
        File.WriteAllText(file, Text(Sqlite(journal), $"api {{ bind = \"127.0.0.1:0\", token = \"{AdminApiFixture.Token}\" }}"));
        return file;
    }

    internal static HttpClient Operator(Uri api)
    {
        var client = new HttpClient { BaseAddress = api };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminApiFixture.Token);
        return client;
    }

    internal static JournalSchema Schema() =>
        JournalSchema.From(AdminSettings.Create(Akka.Configuration.Config.Empty).PersistenceConfig());

    private static async Task Make(string kind, string path)
    {
        switch (kind)
        {
            case "truncated":
                var whole = await File.ReadAllBytesAsync(await RealJournal(path));
                await File.WriteAllBytesAsync(path, whole[..(whole.Length / 2)]);
                break;
            case "garbage":
                var bytes = new byte[4096];
                new Random(16).NextBytes(bytes);
                await File.WriteAllBytesAsync(path, bytes);
                break;
            case "foreign":
                using (var db = new SqliteConnection($"Data Source={path};Pooling=false"))
                {
                    db.Open();
                    using var create = db.CreateCommand();
                    create.CommandText = "CREATE TABLE users (id INTEGER, name TEXT); CREATE TABLE orders (id INTEGER, total REAL)";
                    create.ExecuteNonQuery();
                }
                break;
            case "corrupt":
                // The second page is a b-tree page of the journal's tables: its header overwritten, the database is malformed.
                var journal = await File.ReadAllBytesAsync(await RealJournal(path));
                Array.Fill(journal, (byte)0xAB, 4096, 64);
                await File.WriteAllBytesAsync(path, journal);
                break;
            case "directory":
                Directory.CreateDirectory(path);
                break;
            case "empty":
                await File.WriteAllBytesAsync(path, []);
                break;
            default:
                throw new ArgumentException($"unknown kind {kind}", nameof(kind));
        }
    }

    /// <summary>A real admin journal with a drain in it, written by the plugin, next to <paramref name="path"/>.</summary>
    internal static async Task<string> RealJournal(string path)
    {
        var real = path + ".real";
        var plane = new DryRunDataPlane();
        await using (var host = Start(Text(Sqlite(real)), plane))
        {
            await Ready(host.AdminState);
            Assert.IsType<AdminWriteAccepted>(await Send(host.AdminState, new DrainRealServer(Service, Rs1, null, "spec")));
        }
        SqliteConnection.ClearAllPools();
        return real;
    }

    private static string Snapshot(string path) =>
        Directory.Exists(path)
            ? "directory: " + string.Join(",", Directory.EnumerateFileSystemEntries(path))
            : Convert.ToHexString(File.ReadAllBytes(path));
}
