using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using LvsActors.Model;

namespace LvsActors.Director.Anycast;

/// <summary>
/// Which director is preferred for each VIP group (active-active, <see cref="Vip.Group"/>): every director computes it
/// alike from the same list of directors, so the routers see one short path per group. Balanced: the groups, in name
/// order, each go to the director that ranks it highest (rendezvous hashing) among those with the fewest groups so
/// far, so no director holds two more than another. A change of directors moves the groups of the one that came or
/// went, and may move a few others to keep the balance; a moved group's flows go on elsewhere (mh and the connection
/// sync), and while two directors disagree for a moment the routers merely see two short paths.
/// </summary>
public static class VipSpread
{
    /// <summary>The preferred director of each group in <paramref name="groups"/> among <paramref name="directors"/> (none: empty).</summary>
    public static IReadOnlyDictionary<string, string> Assign(IEnumerable<string> groups, IEnumerable<string> directors)
    {
        var candidates = directors.Distinct().Order(StringComparer.Ordinal).ToList();
        var assigned = new Dictionary<string, string>();
        if (candidates.Count == 0)
        {
            return assigned;
        }
        var load = candidates.ToDictionary(d => d, _ => 0);
        foreach (var group in groups.Distinct().Order(StringComparer.Ordinal))
        {
            var fewest = load.Values.Min();
            var chosen = candidates.Where(d => load[d] == fewest).MaxBy(d => Rank(group, d))!;
            assigned[group] = chosen;
            load[chosen]++;
        }
        return assigned;
    }

    /// <summary>The VIPs whose group <paramref name="self"/> is preferred for, among <paramref name="directors"/>.</summary>
    public static IReadOnlySet<IPAddress> PreferredVips(IReadOnlyList<Vip> vips, IReadOnlyList<string> directors, string self)
    {
        var groups = Assign(vips.Select(v => v.Group).OfType<string>(), directors);
        return vips.Where(v => v.Group is { } g && groups.GetValueOrDefault(g) == self).Select(v => v.Address).ToHashSet();
    }

    // SHA-256 of "group|director": the same on every director and every run (string.GetHashCode is randomised per
    // process), and well spread for names that differ in one character.
    private static ulong Rank(string group, string director) =>
        BinaryPrimitives.ReadUInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(group + "|" + director)));
}
