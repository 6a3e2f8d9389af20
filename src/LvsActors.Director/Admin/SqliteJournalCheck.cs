using System.Buffers.Binary;
using Akka.Configuration;
using Akka.Persistence.Sql.Config;
using Microsoft.Data.Sqlite;

namespace LvsActors.Director.Admin;

/// <summary>What the start-up check found at <c>lvs.admin.journal.path</c>.</summary>
/// <param name="IsNew">No file there yet: the journal plugin creates it (and its tables) on first use.</param>
/// <param name="Problem">Why the file cannot be the admin journal; null when it can.</param>
public sealed record JournalCheck(string Path, bool IsNew, string? Problem);

/// <summary>The tables Akka.Persistence.Sql uses, as configured under akka.persistence.{journal,snapshot-store}.sql.</summary>
/// <param name="JournalColumns">The journal table's columns every admin journal has.</param>
/// <param name="Tables">The tables the plugin creates: the journal's, its tags', the snapshots'.</param>
public sealed record JournalSchema(string JournalTable, IReadOnlyList<string> JournalColumns, IReadOnlyList<string> Tables)
{
    /// <summary>The names from the plugin's own configuration classes, so renamed tables are checked as renamed.</summary>
    public static JournalSchema From(Config persistence)
    {
        var journal = new JournalConfig(persistence.GetConfig("akka.persistence.journal.sql")).TableConfig;
        var snapshot = new SnapshotConfig(persistence.GetConfig("akka.persistence.snapshot-store.sql")).TableConfig.SnapshotTable;
        var columns = journal.EventJournalTable.ColumnNames;
        return new JournalSchema(
            journal.EventJournalTable.Name,
            [columns.Ordering, columns.PersistenceId, columns.SequenceNumber, columns.Message, columns.Deleted],
            [journal.EventJournalTable.Name, journal.TagTable.Name, snapshot.Name]);
    }
}

/// <summary>
/// Checks the SQLite admin journal before the actor system may use it. The journal plugin would take anything at the
/// path: it retries a file it cannot read forever (refusing every write), and starts an empty one as a new journal,
/// which silently forgets every drain and override. So a file that is there must be a readable, intact SQLite
/// database holding Akka.Persistence.Sql's tables; only a path with no file at all is a new journal.
/// Reads only: it never writes to the file, so a refused file is left exactly as it was.
/// </summary>
public static class SqliteJournalCheck
{
    // https://www.sqlite.org/fileformat.html: a 100-byte header that starts with this string.
    private static readonly byte[] Magic = "SQLite format 3\0"u8.ToArray();
    private const int HeaderSize = 100;

    /// <summary>
    /// Checks the journal that the akka configuration (with lvs.admin) names, as the director will use it; null for
    /// PostgreSQL, a server that may come up later and is retried instead.
    /// </summary>
    public static JournalCheck? AtStart(Config akka)
    {
        var settings = AdminSettings.Create(akka);
        return settings.Journal.Provider == JournalProvider.Sqlite
            ? Check(settings.Journal.Path, JournalSchema.From(akka.WithFallback(settings.PersistenceConfig())))
            : null;
    }

    /// <summary>Checks the file at <paramref name="path"/> against <paramref name="schema"/>.</summary>
    public static JournalCheck Check(string path, JournalSchema schema)
    {
        if (Directory.Exists(path))
        {
            return new JournalCheck(path, false, "a directory, not a file");
        }
        if (!File.Exists(path))
        {
            var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
            return Directory.Exists(folder)
                ? new JournalCheck(path, true, null)
                : new JournalCheck(path, false, $"no file there and its folder {folder} does not exist and cannot be created");
        }
        return new JournalCheck(path, false, Header(path) ?? Contents(path, schema));
    }

    private static string? Header(string path)
    {
        var header = new byte[HeaderSize];
        long length;
        int read;
        try
        {
            // Opened for writing too, but nothing is written: a file the plugin could read but not write fails here, clearly.
            using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
            length = file.Length;
            read = file.ReadAtLeast(header, HeaderSize, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot be opened for reading and writing: {e.Message}";
        }
        if (length == 0)
        {
            return "an empty file (0 bytes), not an admin journal (a new journal starts only where no file exists)";
        }
        var compared = Math.Min(read, Magic.Length);
        if (!header.AsSpan(0, compared).SequenceEqual(Magic.AsSpan(0, compared)))
        {
            return $"not a SQLite database (file is {length} bytes of something else)";
        }
        if (read < HeaderSize)
        {
            return $"truncated: {length} bytes, shorter than the {HeaderSize}-byte SQLite header";
        }
        // The page count in the header is valid only while the change counter equals version-valid-for (offsets 24, 92).
        var pageSize = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(16)) is var size && size == 1 ? 65536 : size;
        var pages = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(28));
        var counterValid = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(24)) == BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(92));
        var expected = (long)pageSize * pages;
        return counterValid && pages > 0 && length < expected
            ? $"truncated: {length} bytes where its header says {expected} ({pages} pages of {pageSize} bytes)"
            : null;
    }

    private static string? Contents(string path, JournalSchema schema)
    {
        // ReadWrite without Create: a hot rollback journal left by a crash is rolled back as the plugin would, where
        // ReadOnly would refuse the database; SQLite writes nothing to a file it cannot read as a database.
        var connection = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString();
        try
        {
            using var db = new SqliteConnection(connection);
            db.Open();
            var check = Query(db, "PRAGMA quick_check");
            if (check is not ["ok"])
            {
                return $"corrupt: PRAGMA quick_check found {check.Count} problem(s), the first: {check.FirstOrDefault()}";
            }
            var tables = Query(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite!_%' ESCAPE '!' ORDER BY name");
            if (!tables.Contains(schema.JournalTable, StringComparer.OrdinalIgnoreCase))
            {
                return tables.Count == 0
                    ? $"a SQLite database without tables, not an admin journal (that has the tables {string.Join(", ", schema.Tables.Distinct())})"
                    : $"a SQLite database of something else: its tables are {string.Join(", ", tables)}; an admin journal has {string.Join(", ", schema.Tables.Distinct())}";
            }
            var columns = Query(db, $"SELECT name FROM pragma_table_info('{schema.JournalTable.Replace("'", "''")}')");
            var missing = schema.JournalColumns.Where(c => !columns.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList();
            return missing.Count > 0
                ? $"a SQLite database of something else: its table {schema.JournalTable} lacks the journal's column(s) {string.Join(", ", missing)}"
                : null;
        }
        catch (SqliteException e)
        {
            var message = e.Message.TrimEnd('.');
            return e.SqliteErrorCode switch
            {
                SQLitePCL.raw.SQLITE_NOTADB => $"not a SQLite database ({message})",
                SQLitePCL.raw.SQLITE_CORRUPT => $"corrupt: {message}",
                _ => $"cannot be read by SQLite: {message}",
            };
        }
    }

    private static List<string> Query(SqliteConnection db, string sql)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(reader.GetString(0));
        }
        return rows;
    }
}
