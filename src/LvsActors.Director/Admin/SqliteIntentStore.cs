using System.Collections.Immutable;
using Akka.Actor;
using Akka.Configuration;
using Akka.DistributedData.Durable;
using Akka.Event;
using Akka.Serialization;
using Microsoft.Data.Sqlite;

namespace LvsActors.Director.Admin;

/// <summary>
/// The durable store of Akka.DistributedData for operator intent: one SQLite file on this member's disk
/// (akka.cluster.distributed-data.durable.sqlite.path). A store is answered only after its transaction committed with
/// synchronous = FULL, so the replicator's acknowledgement of a write (to the writer, or to another member's majority
/// write) means the value is on this disk. Replaces Akka's LMDB store, whose package is built against a LightningDB
/// that is not served here (the one that is lacks a method it calls when loading).
/// </summary>
public sealed class SqliteIntentStore : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly SqliteConnection _db;
    private readonly Serializer _serializer;

    public SqliteIntentStore(Config config)
    {
        var path = config.GetString("sqlite.path");
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
        }
        _db = new SqliteConnection($"Data Source={path};Pooling=false");
        _db.Open();
        Execute("PRAGMA journal_mode = WAL");
        // FULL: a WAL commit is fsynced before it returns; NORMAL (WAL's usual) could lose the last commits on power loss.
        Execute("PRAGMA synchronous = FULL");
        Execute("CREATE TABLE IF NOT EXISTS ddata (key TEXT PRIMARY KEY, manifest TEXT NOT NULL, value BLOB NOT NULL)");
        _serializer = Context.System.Serialization.FindSerializerForType(typeof(DurableDataEnvelope));
        Receive<LoadAll>(_ => LoadAll());
        Receive<Store>(OnStore);
    }

    private void LoadAll()
    {
        try
        {
            var builder = ImmutableDictionary.CreateBuilder<string, DurableDataEnvelope>();
            using var command = _db.CreateCommand();
            command.CommandText = "SELECT key, manifest, value FROM ddata";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                builder[reader.GetString(0)] = (DurableDataEnvelope)Context.System.Serialization.Deserialize((byte[])reader[2], _serializer.Identifier, reader.GetString(1));
            }
            if (builder.Count > 0)
            {
                Sender.Tell(new LoadData(builder.ToImmutable()));
            }
            Sender.Tell(LoadAllCompleted.Instance);
        }
        catch (Exception e) when (e is SqliteException or System.Runtime.Serialization.SerializationException or InvalidCastException)
        {
            throw new LoadFailedException($"loading the operator intent from {_db.DataSource} failed: {e.Message}", e);
        }
    }

    private void OnStore(Store store)
    {
        try
        {
            using var command = _db.CreateCommand();
            command.CommandText = "INSERT INTO ddata (key, manifest, value) VALUES ($key, $manifest, $value) ON CONFLICT (key) DO UPDATE SET manifest = excluded.manifest, value = excluded.value";
            command.Parameters.AddWithValue("$key", store.Key);
            // The replicator's serializer needs its manifest back to read the envelope.
            command.Parameters.AddWithValue("$manifest", Akka.Serialization.Serialization.ManifestFor(_serializer, store.Data));
            command.Parameters.AddWithValue("$value", _serializer.ToBinary(store.Data));
            command.ExecuteNonQuery();
            store.Reply?.ReplyTo.Tell(store.Reply.SuccessMessage);
        }
        catch (SqliteException e)
        {
            _log.Error("Storing operator intent {Key} in {Path} failed: {Reason}", store.Key, _db.DataSource, e.Message);
            store.Reply?.ReplyTo.Tell(store.Reply.FailureMessage);
        }
    }

    private void Execute(string sql)
    {
        using var command = _db.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    protected override void PostStop() => _db.Dispose();
}
