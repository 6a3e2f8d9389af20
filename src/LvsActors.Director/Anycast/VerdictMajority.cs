using LvsActors.Model;

namespace LvsActors.Director.Anycast;

/// <summary>
/// The agreement rule of active-active, as pure arithmetic: a real server is down for the cluster when more than half
/// of the directors in it see it down — ourselves included, counting every Up director, also one that has not said
/// anything yet (it sees nothing down). One director alone agrees with itself. What it costs: a real server leaves
/// the tables only when the slowest director of a majority has seen it fail (its checks' delay-loop × retries, plus
/// a verdict's way over the cluster), and returns as soon as a majority sees it up again; a server that only one of
/// three directors cannot reach stays in every table, that director included.
/// </summary>
public static class VerdictMajority
{
    /// <summary>The key of a real server of a service, as <see cref="DirectorVerdicts"/> carries it.</summary>
    public static string Key(string service, Endpoint server) => service + "|" + server;

    /// <summary>
    /// The agreed down set per service, for every service that has a verdict anywhere: <paramref name="local"/> (ours)
    /// and <paramref name="peers"/> (each other director's down keys), among <paramref name="directors"/> directors in all.
    /// </summary>
    public static Dictionary<string, HashSet<Endpoint>> Agree(IReadOnlyDictionary<string, IReadOnlyList<Endpoint>> local,
        IEnumerable<IReadOnlySet<string>> peers, int directors)
    {
        var votes = new Dictionary<string, int>();
        foreach (var (service, down) in local)
        {
            foreach (var server in down)
            {
                Add(votes, Key(service, server));
            }
        }
        foreach (var peer in peers)
        {
            foreach (var key in peer)
            {
                Add(votes, key);
            }
        }
        var agreed = local.Keys.ToDictionary(s => s, _ => new HashSet<Endpoint>());
        foreach (var (key, count) in votes)
        {
            var bar = key.IndexOf('|', StringComparison.Ordinal);
            if (bar <= 0 || Endpoint.TryParse(key[(bar + 1)..], null, out _) is not { } server)
            {
                continue; // a peer's garbage: counted nowhere
            }
            var service = key[..bar];
            if (!agreed.TryGetValue(service, out var set))
            {
                agreed[service] = set = [];
            }
            if (count * 2 > Math.Max(1, directors))
            {
                set.Add(server);
            }
        }
        return agreed;
    }

    private static void Add(Dictionary<string, int> votes, string key) => votes[key] = votes.GetValueOrDefault(key) + 1;
}
