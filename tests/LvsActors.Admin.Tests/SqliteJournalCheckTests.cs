using LvsActors.Director.Admin;
using Microsoft.Data.Sqlite;

namespace LvsActors.Admin.Tests;

/// <summary>The start-up check of the SQLite admin journal, on files made here and on journals the plugin wrote.</summary>
public sealed class SqliteJournalCheckTests : IDisposable
{
    private readonly ScratchFolder _scratch = new();

    [Fact]
    public async Task A_journal_the_plugin_wrote_is_an_admin_journal_and_its_tables_are_the_ones_the_check_knows()
    {
        var journal = await JournalAtStartSpecs.RealJournal(_scratch.File("admin.db"));

        var check = SqliteJournalCheck.Check(journal, JournalAtStartSpecs.Schema());

        Assert.Equal(new JournalCheck(journal, false, null), check);
        // The names the check takes from the plugin's configuration are the tables the plugin created.
        Assert.Equal(["journal", "snapshot", "tags"], Tables(journal));
        Assert.Equal(["journal", "tags", "snapshot"], JournalAtStartSpecs.Schema().Tables);
    }

    [Fact]
    public void A_path_without_a_file_is_new_and_without_its_folder_is_a_problem()
    {
        Assert.Equal(new JournalCheck(_scratch.File("admin.db"), true, null), SqliteJournalCheck.Check(_scratch.File("admin.db"), JournalAtStartSpecs.Schema()));

        var blocker = _scratch.File("a-file");
        File.WriteAllText(blocker, "");
        var inside = Path.Combine(blocker, "admin.db");
        var check = SqliteJournalCheck.Check(inside, JournalAtStartSpecs.Schema());
        Assert.False(check.IsNew);
        Assert.Equal($"no file there and its folder {blocker} does not exist and cannot be created", check.Problem);
    }

    [Theory]
    [InlineData(new byte[] { 0x53, 0x51, 0x4c }, "truncated: 3 bytes, shorter than the 100-byte SQLite header")]
    [InlineData(new byte[] { 0x7b, 0x22, 0x61, 0x22, 0x3a, 0x31, 0x7d }, "not a SQLite database (file is 7 bytes of something else)")]
    public void A_file_shorter_than_a_header_is_truncated_or_something_else_by_its_first_bytes(byte[] bytes, string problem)
    {
        var path = _scratch.File("admin.db");
        File.WriteAllBytes(path, bytes);

        Assert.Equal(problem, SqliteJournalCheck.Check(path, JournalAtStartSpecs.Schema()).Problem);
    }

    [Fact]
    public void A_table_named_journal_without_the_journal_s_columns_is_something_else()
    {
        var path = _scratch.File("admin.db");
        Execute(path, "CREATE TABLE journal (id INTEGER, line TEXT)");

        Assert.Equal("a SQLite database of something else: its table journal lacks the journal's column(s) ordering, persistence_id, sequence_number, message, deleted",
            SqliteJournalCheck.Check(path, JournalAtStartSpecs.Schema()).Problem);
    }

    [Fact]
    public async Task A_journal_with_a_table_of_its_operator_beside_its_own_is_still_the_journal()
    {
        var journal = await JournalAtStartSpecs.RealJournal(_scratch.File("admin.db"));
        Execute(journal, "CREATE TABLE notes (text TEXT)");

        Assert.Null(SqliteJournalCheck.Check(journal, JournalAtStartSpecs.Schema()).Problem);
    }

    [Fact]
    public void A_failure_s_reason_is_its_messages_without_the_plugin_s_wrapper()
    {
        var failure = new ApplicationException("Failed to initialize SQL Journal.",
            new InvalidOperationException("Failed to connect to 127.0.0.1:5432", new IOException("Connection refused")));

        Assert.Equal("Failed to connect to 127.0.0.1:5432: Connection refused", AdminJournalLog.Reason(failure));
    }

    [Fact]
    public void A_PostgreSQL_journal_is_named_by_its_server_and_database_never_its_password()
    {
        var journal = new JournalSettings(JournalProvider.PostgreSql, "", "Host=db.example;Port=5433;Database=lvs;Username=lvs;Password=secret", TimeSpan.FromSeconds(2));

        Assert.Equal("postgresql://db.example:5433/lvs", journal.Location);
    }

    public void Dispose() => _scratch.Dispose();

    private static List<string> Tables(string path)
    {
        using var db = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=false");
        db.Open();
        using var query = db.CreateCommand();
        query.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name";
        using var reader = query.ExecuteReader();
        var tables = new List<string>();
        while (reader.Read())
        {
            tables.Add(reader.GetString(0));
        }
        return tables;
    }

    private static void Execute(string path, string sql)
    {
        using var db = new SqliteConnection($"Data Source={path};Pooling=false");
        db.Open();
        using var command = db.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
