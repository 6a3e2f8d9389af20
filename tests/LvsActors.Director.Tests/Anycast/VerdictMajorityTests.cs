using System.Net;
using LvsActors.Director.Anycast;
using LvsActors.Model;

namespace LvsActors.Director.Tests.Anycast;

/// <summary>The agreement rule: down for the cluster when more than half of the Up directors see it down.</summary>
public sealed class VerdictMajorityTests
{
    private static readonly Endpoint Rs1 = new(IPAddress.Parse("198.51.100.11"), 80);
    private static readonly Endpoint Rs2 = new(IPAddress.Parse("198.51.100.12"), 80);

    private static IReadOnlySet<string> Peer(params (string Service, Endpoint Server)[] down) =>
        down.Select(d => VerdictMajority.Key(d.Service, d.Server)).ToHashSet();

    [Theory]
    [InlineData(true, 0, 3, false)]  // one of three
    [InlineData(true, 1, 3, true)]   // two of three
    [InlineData(false, 2, 3, true)]  // the others, without us
    [InlineData(false, 1, 3, false)]
    [InlineData(true, 0, 1, true)]   // alone: our own verdict
    [InlineData(true, 1, 4, false)]  // two of four is no majority
    [InlineData(true, 2, 4, true)]
    [InlineData(true, 0, 2, false)]  // one of two
    public void A_majority_of_the_directors_decides(bool weSeeItDown, int peersSeeingItDown, int directors, bool agreedDown)
    {
        var local = new Dictionary<string, IReadOnlyList<Endpoint>> { ["web"] = weSeeItDown ? [Rs1] : [] };
        var peers = Enumerable.Range(0, directors - 1).Select(i => i < peersSeeingItDown ? Peer(("web", Rs1)) : Peer()).ToList();

        var agreed = VerdictMajority.Agree(local, peers, directors);

        Assert.Equal(agreedDown, agreed["web"].Contains(Rs1));
    }

    [Fact]
    public void Services_and_servers_are_counted_apart_and_a_service_we_lack_is_still_agreed()
    {
        var local = new Dictionary<string, IReadOnlyList<Endpoint>> { ["web"] = [Rs1], ["dns"] = [Rs1] };
        var peers = new[] { Peer(("web", Rs1), ("web", Rs2)), Peer(("mail", Rs2), ("web", Rs2)) };

        var agreed = VerdictMajority.Agree(local, peers, 3);

        Assert.Equal([Rs1, Rs2], agreed["web"].OrderBy(e => e.ToString(), StringComparer.Ordinal));
        Assert.Empty(agreed["dns"]);
        Assert.Empty(agreed["mail"]);
    }

    [Fact]
    public void A_peers_garbage_is_counted_nowhere()
    {
        var local = new Dictionary<string, IReadOnlyList<Endpoint>> { ["web"] = [Rs1] };
        var peers = new IReadOnlySet<string>[] { new HashSet<string> { "web|not an endpoint", "|198.51.100.11:80", "no bar", "web|198.51.100.11:80" } };

        var agreed = VerdictMajority.Agree(local, peers, 2);

        Assert.Equal([Rs1], agreed["web"]);
        Assert.Single(agreed);
    }
}
