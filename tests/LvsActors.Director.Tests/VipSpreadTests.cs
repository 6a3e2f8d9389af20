using System.Net;
using LvsActors.Director.Anycast;
using LvsActors.Model;

namespace LvsActors.Director.Tests;

/// <summary>VIP groups over the directors: balanced, the same on every director, and moved only as far as needed.</summary>
public sealed class VipSpreadTests
{
    private static readonly string[] Three = ["akka.ssl.tcp://lvs@192.0.2.11:4053", "akka.ssl.tcp://lvs@192.0.2.12:4053", "akka.ssl.tcp://lvs@192.0.2.13:4053"];

    private static IEnumerable<string> Groups(int count) => Enumerable.Range(1, count).Select(i => $"g{i}");

    [Theory]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(50)]
    public void Groups_are_balanced_within_one(int groups)
    {
        var assigned = VipSpread.Assign(Groups(groups), Three);

        Assert.Equal(groups, assigned.Count);
        var loads = Three.Select(d => assigned.Values.Count(v => v == d)).ToList();
        Assert.True(loads.Max() - loads.Min() <= 1, $"loads {string.Join(", ", loads)}");
    }

    [Fact]
    public void Every_director_computes_the_same_whatever_order_it_lists_them_in()
    {
        var one = VipSpread.Assign(Groups(9), Three);
        var other = VipSpread.Assign(Groups(9).Reverse(), Three.Reverse());

        Assert.Equal(one.OrderBy(p => p.Key), other.OrderBy(p => p.Key));
    }

    [Fact]
    public void A_director_that_goes_gives_its_groups_to_the_others_and_the_rest_mostly_stay()
    {
        var before = VipSpread.Assign(Groups(30), Three);
        var after = VipSpread.Assign(Groups(30), Three[..2]);

        Assert.DoesNotContain(Three[2], after.Values);
        // Its ten move; the balance may move a few more, never most of the others.
        var movedOthers = before.Count(p => p.Value != Three[2] && after[p.Key] != p.Value);
        Assert.True(movedOthers <= 5, $"{movedOthers} groups of the remaining directors moved");
    }

    [Fact]
    public void Preferred_vips_are_the_vips_of_this_directors_groups()
    {
        Vip[] vips =
        [
            new(IPAddress.Parse("203.0.113.100"), 32, "lvsvip0"),
            new(IPAddress.Parse("203.0.113.101"), 32, "lvsvip0") { Group = "a" },
            new(IPAddress.Parse("203.0.113.102"), 32, "lvsvip0") { Group = "a" },
            new(IPAddress.Parse("203.0.113.103"), 32, "lvsvip0") { Group = "b" },
        ];
        var owner = VipSpread.Assign(["a", "b"], Three);

        var preferred = Three.ToDictionary(d => d, d => VipSpread.PreferredVips(vips, Three, d));

        // A group's VIPs go together, to one director; the ungrouped VIP is nobody's alone.
        Assert.Equal([IPAddress.Parse("203.0.113.101"), IPAddress.Parse("203.0.113.102")], preferred[owner["a"]].Where(a => !a.Equals(IPAddress.Parse("203.0.113.103"))).Order(Comparer<IPAddress>.Create((x, y) => string.CompareOrdinal(x.ToString(), y.ToString()))));
        Assert.Contains(IPAddress.Parse("203.0.113.103"), preferred[owner["b"]]);
        Assert.All(preferred.Values, set => Assert.DoesNotContain(IPAddress.Parse("203.0.113.100"), set));
        Assert.Equal(3, preferred.Values.Sum(set => set.Count));
        Assert.Empty(VipSpread.PreferredVips(vips, [], Three[0]));
    }
}
