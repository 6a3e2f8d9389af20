using System.Diagnostics;
using Npgsql;

namespace LvsActors.Admin.Tests;

/// <summary>
/// The PostgreSQL server that deploy/postgres.sh installs and starts on 127.0.0.1, found through LVSACTORS_TEST_PG
/// (default: the script's own). Tests that need it fail, with the reason, when it is not reachable — they never skip.
/// </summary>
internal static class PostgresJournal
{
    public const string Variable = "LVSACTORS_TEST_PG";
    private const string Default = "Host=127.0.0.1;Port=55432;Database=lvsactors_test;Username=lvsactors;Password=lvsactors";

    public static string ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : Default;

    /// <summary>The lvs.admin.journal settings for this server, with a persistence id of its own so runs never mix.</summary>
    public static string Journal => $"provider = postgresql, connection-string = \"{ConnectionString}\", retry-interval = 500ms";

    /// <summary>Fails the test, saying how to start the server, when it does not answer.</summary>
    public static async Task RequireAsync()
    {
        try
        {
            await using var connection = new NpgsqlConnection(ConnectionString + ";Timeout=5");
            await connection.OpenAsync();
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            Assert.Fail($"PostgreSQL is not reachable with {Variable}=\"{ConnectionString}\": {e.Message}. Run deploy/postgres.sh (as root) to install and start it.");
        }
    }

    /// <summary>Runs deploy/postgres.sh with <paramref name="argument"/> ("stop", or "" to start) and waits for it.</summary>
    public static void Script(string argument)
    {
        var script = RepositoryRoot.Of("deploy", "postgres.sh");
        using var process = Process.Start(new ProcessStartInfo(script, argument) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"deploy/postgres.sh {argument} failed: {output}");
    }
}

/// <summary>The tests that use (and stop) the shared PostgreSQL server run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PostgresCollection
{
    public const string Name = "postgresql";
}
