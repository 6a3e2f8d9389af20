using LvsActors.Keepalived;

namespace LvsActors.Tests.Keepalived;

/// <summary>GLOB_BRACE as glibc does it for keepalived's include.</summary>
public sealed class BraceExpansionTests
{
    [Theory]
    [InlineData("a.conf", new[] { "a.conf" })]
    [InlineData("{web,mail}.inc", new[] { "web.inc", "mail.inc" })]
    [InlineData("{a,b}{1,2}", new[] { "a1", "a2", "b1", "b2" })]
    [InlineData("x{a,{b,c}}y", new[] { "xay", "xby", "xcy" })]
    [InlineData("{a}", new[] { "a" })]
    [InlineData("{,a}", new[] { "", "a" })]
    [InlineData(@"\{a,b}", new[] { @"\{a,b}" })]
    [InlineData(@"{a\,b,c}", new[] { @"a\,b", "c" })]
    [InlineData("{a,b", new[] { "{a,b" })]
    [InlineData("{a{b,c}", new[] { "{a{b,c}" })]
    public void Expands_as_glibc_does(string pattern, string[] expected) => Assert.Equal(expected, BraceExpansion.Expand(pattern));

    [Fact]
    public void Refuses_more_alternatives_than_the_limit()
    {
        var pattern = string.Concat(Enumerable.Repeat("{a,b}", 9));
        Assert.Contains($"more than {KeepalivedLimits.MaxBraceAlternatives} patterns", Assert.Throws<FormatException>(() => BraceExpansion.Expand(pattern)).Message);
    }

    [Fact]
    public void A_thousand_groups_expand_without_recursing_a_thousand_deep()
    {
        Assert.Equal([new string('a', 1000)], BraceExpansion.Expand(string.Concat(Enumerable.Repeat("{a}", 1000))));
    }
}
