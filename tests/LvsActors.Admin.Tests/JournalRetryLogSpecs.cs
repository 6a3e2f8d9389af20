using System.Net;
using System.Net.Sockets;
using static LvsActors.Admin.Tests.TestDirector;

namespace LvsActors.Admin.Tests;

/// <summary>
/// A journal that fails while the director runs is retried and logged once per attempt: the reason and when the next
/// attempt is, no stack traces, at most one line per lvs.admin.journal.retry-interval (here 1 s).
/// </summary>
public sealed class JournalRetryLogSpecs : IDisposable
{
    private const double RetrySeconds = 1;
    private readonly ScratchFolder _scratch = new();

    [Fact]
    public async Task A_SQLite_journal_that_breaks_while_running_logs_one_line_per_attempt()
    {
        var path = _scratch.File("admin.db");
        using var run = new DirectorRun(Config($"provider = sqlite, path = \"{path}\", retry-interval = {RetrySeconds}s"), "120s");
        using var client = JournalAtStartSpecs.Operator(run.ApiAddress());
        run.WaitFor("Admin state recovered at version 0");
        Assert.True((await client.PostAsync($"api/v1/services/{Service}/real-servers/{Rs1}/drain", null)).IsSuccessStatusCode, run.Log);

        // Garbage over the journal in place (the same inode, which the plugin's open connection reads too).
        await using (var journal = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            var garbage = new byte[journal.Length];
            new Random(16).NextBytes(garbage);
            await journal.WriteAsync(garbage);
        }
        var refused = await client.PostAsync($"api/v1/services/{Service}/real-servers/{Rs2}/drain", null);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);

        var window = await Window(run, seconds: 8);
        var attempts = window.Where(l => l.Contains($"Admin journal {path} unavailable: ", StringComparison.Ordinal)).ToList();
        Assert.True(attempts.Count >= 2, $"expected a line per attempt; in the window:\n{string.Join("\n", window)}");
        Assert.All(attempts, a => Assert.Contains("file is not a database", a));
        Assert.All(attempts, a => Assert.Contains($"next attempt in {RetrySeconds}s", a));
        AssertQuiet(run, window, seconds: 8);
    }

    [Fact]
    public async Task An_unreachable_PostgreSQL_at_start_is_retried_with_one_line_per_attempt()
    {
        // A port nothing listens on: connections are refused at once, as from a stopped server.
        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        var journal = $"provider = postgresql, connection-string = \"Host=127.0.0.1;Port={port};Database=lvs;Username=lvs;Password=lvs;Timeout=2\", retry-interval = {RetrySeconds}s";
        // Recovery waits for the plugin this long before the attempt counts as failed (10 s by default).
        using var run = new DirectorRun(Config(journal, "persistence.journal.sql.recovery-event-timeout = 2s"), "120s");
        run.ApiAddress();

        var window = await Window(run, seconds: 10);
        var attempts = window.Where(l => l.Contains($"Admin journal postgresql://127.0.0.1:{port}/lvs unavailable: ", StringComparison.Ordinal)).ToList();
        Assert.True(attempts.Count >= 2, $"expected a line per attempt; in the window:\n{string.Join("\n", window)}");
        // The first attempt may time out before the plugin's first connection failed; later ones carry its reason.
        Assert.Contains(attempts, a => a.Contains($"Failed to connect to 127.0.0.1:{port}", StringComparison.Ordinal));
        Assert.All(attempts, a => Assert.Contains($"next attempt in {RetrySeconds}s", a));
        AssertQuiet(run, window, seconds: 10);
    }

    public void Dispose() => _scratch.Dispose();

    private string Config(string journal, string akka = "")
    {
        var file = _scratch.File("director.conf");
        File.WriteAllText(file, Text(journal, $"api {{ bind = \"127.0.0.1:0\", token = \"{AdminApiFixture.Token}\" }}", akka));
        return file;
    }

    /// <summary>The lines logged during the next <paramref name="seconds"/>.</summary>
    private static async Task<IReadOnlyList<string>> Window(DirectorRun run, double seconds)
    {
        var start = run.Lines.Count;
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        return run.Lines.Skip(start).ToList();
    }

    // At most one error or warning line per retry interval (one more for the interval the window cuts), none with a stack trace.
    private static void AssertQuiet(DirectorRun run, IReadOnlyList<string> window, double seconds)
    {
        Assert.DoesNotContain(run.Lines, l => l.StartsWith("   at ", StringComparison.Ordinal));
        var loud = window.Where(l => l.Contains(" ERR ", StringComparison.Ordinal) || l.Contains(" WRN ", StringComparison.Ordinal)).ToList();
        Assert.True(loud.Count <= seconds / RetrySeconds + 1, $"{loud.Count} error/warning lines in {seconds}s:\n{string.Join("\n", window)}");
        Assert.True(window.Count <= 2 * (seconds / RetrySeconds + 1), $"{window.Count} lines in {seconds}s:\n{string.Join("\n", window)}");
    }
}
