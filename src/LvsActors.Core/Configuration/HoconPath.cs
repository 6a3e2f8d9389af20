using LvsActors.Configuration.Hocon;
using LvsActors.Model;

namespace LvsActors.Configuration;

/// <summary>Looks a key path up in a parsed document, for the rules that read the <c>akka</c> section beside <c>lvs</c>.</summary>
internal static class HoconPath
{
    /// <summary>The value at <paramref name="path"/> under <paramref name="obj"/>, or null when any part is missing.</summary>
    public static HoconNode? Node(HoconObject? obj, params string[] path)
    {
        HoconNode? node = obj;
        foreach (var key in path)
        {
            node = (node as HoconObject)?.Field(key)?.Value;
        }
        return node;
    }

    /// <summary>The scalar at <paramref name="path"/>, or null when it is missing or not a scalar.</summary>
    public static HoconScalar? Scalar(HoconObject? obj, params string[] path) => Node(obj, path) as HoconScalar;

    /// <summary>True when <paramref name="akka"/> makes the node a cluster member (actor.provider = cluster or its class).</summary>
    public static bool IsClustered(HoconObject? akka) => ClusterProvider.IsCluster(Scalar(akka, "actor", "provider")?.Text);
}
