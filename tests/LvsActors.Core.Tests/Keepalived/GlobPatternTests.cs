using System.IO.Enumeration;
using CsCheck;
using LvsActors.Keepalived;

namespace LvsActors.Tests.Keepalived;

/// <summary>The glob(3) matcher of keepalived's include: its wildcards, sets, escapes and errors, with no Regex underneath.</summary>
public sealed class GlobPatternTests
{
    [Theory]
    [InlineData("*.conf", "vs.conf", true)]
    [InlineData("*.conf", "vs.conf.bak", false)]
    [InlineData("*.conf", ".hidden.conf", false)]
    [InlineData(".*", ".hidden.conf", true)]
    [InlineData("?s.conf", "vs.conf", true)]
    [InlineData("?s.conf", "s.conf", false)]
    [InlineData("[a-c]*", "b1", true)]
    [InlineData("[a-c]*", "d1", false)]
    [InlineData("[!a-c]*", "d1", true)]
    [InlineData("[^a-c]*", "a1", false)]
    [InlineData("[]x]", "]", true)]
    [InlineData("[a-]", "-", true)]
    [InlineData("[[:digit:]][[:alpha:]]", "1a", true)]
    [InlineData("[[:digit:]]", "a", false)]
    [InlineData(@"\*.conf", "*.conf", true)]
    [InlineData(@"\*.conf", "a.conf", false)]
    [InlineData(@"a\[1].conf", "a[1].conf", true)]
    [InlineData("a**b", "ab", true)]
    [InlineData("*", "", true)]
    [InlineData("(.*)+$", "(.x)+$", true)]
    public void Matches_as_glob_3_does(string pattern, string name, bool matches) =>
        Assert.Equal(matches, GlobPattern.Parse(pattern).Matches(name));

    [Theory]
    [InlineData("foo[.conf", "the '[' at character 4 opens a set that no ']' closes")]
    [InlineData("[", "the '[' at character 1")]
    [InlineData("[!]", "the '[' at character 1")]
    [InlineData("[[:nope:]]", "[:nope:] is not a character class")]
    public void A_malformed_set_is_a_clear_error(string pattern, string reason) =>
        Assert.Contains(reason, Assert.Throws<FormatException>(() => GlobPattern.Parse(pattern)).Message);

    [Fact]
    public void Many_stars_against_a_long_name_that_fails_at_the_end_still_answer()
    {
        // A backtracking matcher (or a regex built from the glob) takes exponential time on this.
        var pattern = GlobPattern.Parse(string.Concat(Enumerable.Repeat("*a", 50)) + "b");
        Assert.False(pattern.Matches(new string('a', 10_000)));
    }

    [Fact]
    public void Stars_and_question_marks_match_as_the_runtime_simple_expression_does()
    {
        // FileSystemName knows * and ? (no sets, no leading-dot rule): the reference for that part of glob(3).
        // Neither a path component nor a directory entry is ever empty.
        var text = (string chars, int max) => Gen.Char[chars].Array[1, max].Select(c => new string(c));
        Gen.Select(text("ab*?", 8), text("ab.", 10)).Sample((pattern, name) =>
        {
            var expected = (!name.StartsWith('.') || pattern.StartsWith('.')) && FileSystemName.MatchesSimpleExpression(pattern, name, ignoreCase: false);
            Assert.Equal(expected, GlobPattern.Parse(pattern).Matches(name));
        }, iter: 20_000, threads: 1);
    }

    [Theory]
    [InlineData("conf.d/*.conf", true)]
    [InlineData("conf.d/[ab]", true)]
    [InlineData(@"conf.d/\*", false)]
    [InlineData("conf.d/a.conf", false)]
    public void Wildcards_are_found_unless_escaped(string text, bool has) => Assert.Equal(has, GlobPattern.HasWildcards(text));
}
