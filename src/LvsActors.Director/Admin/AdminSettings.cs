using Akka.Configuration;
using Akka.Persistence.Sql;

namespace LvsActors.Director.Admin;

/// <summary>Which database holds the admin journal.</summary>
public enum JournalProvider
{
    /// <summary>A local file: one director.</summary>
    Sqlite,

    /// <summary>A shared server: a cluster.</summary>
    PostgreSql,
}

/// <summary>The admin journal (lvs.admin.journal).</summary>
public sealed record JournalSettings(JournalProvider Provider, string Path, string ConnectionString, TimeSpan RetryInterval)
{
    /// <summary>Where the journal is, for log lines: the SQLite file, or the PostgreSQL server and database (never the password).</summary>
    public string Location => Provider == JournalProvider.Sqlite ? Path : ServerOf(ConnectionString);

    private static string ServerOf(string connectionString)
    {
        try
        {
            var c = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
            return $"postgresql://{c.Host}:{c.Port}/{c.Database}";
        }
        catch (ArgumentException)
        {
            return "on PostgreSQL (lvs.admin.journal.connection-string)";
        }
    }
}

/// <summary>The admin API (lvs.admin.api).</summary>
/// <param name="AllowedHosts">Host names the API answers besides its own address (and localhost on loopback).</param>
public sealed record AdminApiSettings(bool Enabled, string Bind, string Token, string TokenFile, TimeSpan AskTimeout, IReadOnlyList<string> AllowedHosts)
{
    /// <summary>The PEM certificate served over HTTPS (lvs.admin.api.tls.certificate); empty for plain HTTP.</summary>
    public string TlsCertificate { get; init; } = "";

    /// <summary>Its unencrypted PEM key (lvs.admin.api.tls.key).</summary>
    public string TlsKey { get; init; } = "";

    /// <summary>Plain HTTP on a non-loopback address was asked for explicitly (lvs.admin.api.allow-plaintext).</summary>
    public bool AllowPlaintext { get; init; }
}

/// <summary>Operator intent and the admin API, from <c>lvs.admin</c> (defaults and their reasons in reference.conf).</summary>
public sealed record AdminSettings(
    JournalSettings Journal, int SnapshotEvery, TimeSpan DrainTimeout, TimeSpan DrainPollInterval, int RecentEvents, string PersistenceId, TimeSpan StartupWait,
    AdminApiSettings Api, IntentReplicationSettings Replication)
{
    /// <summary>The defaults, for tests and embedders.</summary>
    public static AdminSettings Default { get; } = Create(Config.Empty);

    public TimeSpan RetryInterval => Journal.RetryInterval;

    /// <summary>Reads <c>lvs.admin</c> from <paramref name="config"/>, falling back to the embedded reference.conf.</summary>
    public static AdminSettings Create(Config config)
    {
        var all = config.WithFallback(DirectorSettings.Reference);
        var c = all.GetConfig("lvs.admin");
        var j = c.GetConfig("journal");
        var a = c.GetConfig("api");
        var provider = j.GetString("provider").ToLowerInvariant() switch
        {
            "sqlite" => JournalProvider.Sqlite,
            "postgresql" => JournalProvider.PostgreSql,
            var other => throw new ConfigurationException($"lvs.admin.journal.provider: unknown value \"{other}\"; accepted: sqlite, postgresql"),
        };
        var journal = new JournalSettings(provider, j.GetString("path"), j.GetString("connection-string"), j.GetTimeSpan("retry-interval"));
        return new AdminSettings(
            journal,
            c.GetInt("snapshot-every"),
            c.GetTimeSpan("drain-timeout"),
            c.GetTimeSpan("drain-poll-interval"),
            c.GetInt("recent-events"),
            c.GetString("persistence-id"),
            c.GetTimeSpan("startup-wait"),
            new AdminApiSettings(a.GetBoolean("enabled"), a.GetString("bind"), a.GetString("token"), a.GetString("token-file"), a.GetTimeSpan("ask-timeout"),
                a.GetStringList("allowed-hosts").ToList())
            {
                TlsCertificate = a.GetString("tls.certificate"),
                TlsKey = a.GetString("tls.key"),
                AllowPlaintext = a.GetBoolean("allow-plaintext"),
            },
            IntentReplicationSettings.Create(all, journal));
    }

    /// <summary>
    /// Akka.Persistence.Sql's journal and snapshot store on the configured database, tables created on first use.
    /// For SQLite the file's folder is created here, so a first run needs nothing prepared.
    /// </summary>
    public Config PersistenceConfig()
    {
        var (provider, connection) = Journal.Provider switch
        {
            // One writer: SQLite serialises writers on the file anyway, and parallel ones only meet "database is locked".
            JournalProvider.Sqlite => ("SQLite.MS", $"Data Source={Journal.Path};Pooling=true"),
            _ => ("PostgreSQL.15", Journal.ConnectionString),
        };
        if (Journal.Provider == JournalProvider.Sqlite && System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Journal.Path)) is { Length: > 0 } folder)
        {
            TryCreate(folder);
        }
        var parallelism = Journal.Provider == JournalProvider.Sqlite ? 1 : 3;
        var quoted = Quote(connection);
        return ConfigurationFactory.ParseString($$"""
            akka.persistence {
              journal {
                plugin = "akka.persistence.journal.sql"
                sql { connection-string = {{quoted}}, provider-name = "{{provider}}", auto-initialize = on, parallelism = {{parallelism}} }
                # The plugin retries a failing database forever; a recovery that hears nothing for this long fails,
                # so the AdminState is restarted (and the reason logged) instead of waiting silently.
                sql.recovery-event-timeout = 10s
              }
              snapshot-store {
                plugin = "akka.persistence.snapshot-store.sql"
                sql { connection-string = {{quoted}}, provider-name = "{{provider}}", auto-initialize = on }
              }
            }
            """).WithFallback(Replication.DistributedDataConfig()).WithFallback(SqlPersistence.DefaultConfiguration);
    }

    // A folder that cannot be created is reported at start by SqliteJournalCheck, with the path, and `run` stops there.
    private static void TryCreate(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
