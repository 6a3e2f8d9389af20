using System.Collections.Frozen;
using System.Runtime.Serialization;
using System.Text.Json;
using Akka.Actor;
using Akka.Serialization;
using LvsActors.Director.Intent;

namespace LvsActors.Director.Admin;

/// <summary>
/// Serializes <see cref="IAdminMessage"/>s as JSON with the type's short name as manifest: journal rows an operator
/// can read with sqlite3 or psql, and names that stay stable when a namespace or assembly moves.
/// </summary>
public sealed class AdminSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    private static readonly FrozenDictionary<string, Type> Types = typeof(IAdminMessage).Assembly.GetTypes()
        .Where(t => typeof(IAdminMessage).IsAssignableFrom(t) && t is { IsInterface: false, IsAbstract: false })
        .ToFrozenDictionary(t => t.Name, StringComparer.Ordinal);

    /// <summary>Fixed here and in reference.conf (akka.actor.serialization-identifiers).</summary>
    public override int Identifier => 1170;

    public override string Manifest(object o) => o.GetType().Name;

    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), Options);

    public override object FromBinary(byte[] bytes, string manifest) =>
        Types.TryGetValue(manifest, out var type)
            ? JsonSerializer.Deserialize(bytes, type, Options) ?? throw new SerializationException($"admin message {manifest} is null")
            : throw new SerializationException($"unknown admin message type {manifest}: was the journal written by a newer director?");
}
