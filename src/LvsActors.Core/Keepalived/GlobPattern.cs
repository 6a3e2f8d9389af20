using System.Text;

namespace LvsActors.Keepalived;

/// <summary>
/// One path component of a glob(3) pattern, as keepalived's <c>include</c> passes it to glob: <c>*</c> any run of
/// characters, <c>?</c> one character, <c>[…]</c> one of a set (<c>[a-z]</c>, <c>[!…]</c> or <c>[^…]</c> for none of
/// them, <c>[[:digit:]]</c> and the other POSIX classes), a backslash making the next character literal, and no
/// wildcard matching a leading dot. Matches in time proportional to the name times the pattern, whatever either holds.
/// </summary>
internal sealed class GlobPattern
{
    private enum Kind { Literal, AnyOne, AnyRun, Set }

    private readonly record struct Part(Kind Kind, char Literal = '\0', CharSet? Set = null)
    {
        public bool MatchesOne(char c) => Kind switch
        {
            Kind.Literal => c == Literal,
            Kind.AnyOne => true,
            Kind.Set => Set!.Contains(c),
            _ => false,
        };
    }

    private readonly Part[] parts;

    private GlobPattern(Part[] parts) => this.parts = parts;

    /// <summary>True when <paramref name="text"/> holds a wildcard that is not escaped.</summary>
    public static bool HasWildcards(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '\\':
                    i++;
                    break;
                case '*' or '?' or '[':
                    return true;
            }
        }
        return false;
    }

    /// <summary>The component with its escapes removed: what a pattern without wildcards names.</summary>
    public static string Unescape(string text)
    {
        var literal = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                i++;
            }
            literal.Append(text[i]);
        }
        return literal.ToString();
    }

    /// <summary>Reads one component (no <c>/</c>).</summary>
    /// <exception cref="FormatException">A <c>[</c> that no <c>]</c> closes, or an unknown <c>[:class:]</c>.</exception>
    public static GlobPattern Parse(string component)
    {
        var parts = new List<Part>();
        for (var i = 0; i < component.Length; i++)
        {
            switch (component[i])
            {
                case '\\' when i + 1 < component.Length:
                    parts.Add(new Part(Kind.Literal, component[++i]));
                    break;
                case '?':
                    parts.Add(new Part(Kind.AnyOne));
                    break;
                case '*':
                    // A run of stars is one star: it keeps matching linear.
                    if (parts.Count == 0 || parts[^1].Kind != Kind.AnyRun)
                    {
                        parts.Add(new Part(Kind.AnyRun));
                    }
                    break;
                case '[':
                    var start = i;
                    var set = CharSet.Parse(component, ref i)
                        ?? throw new FormatException($"the '[' at character {start + 1} opens a set that no ']' closes (write \\[ for a literal '[')");
                    parts.Add(new Part(Kind.Set, Set: set));
                    break;
                default:
                    parts.Add(new Part(Kind.Literal, component[i]));
                    break;
            }
        }
        return new GlobPattern([.. parts]);
    }

    /// <summary>True when <paramref name="name"/>, one directory entry, matches the whole pattern.</summary>
    public bool Matches(string name)
    {
        // glob(3) without GLOB_PERIOD: only a literal dot matches a leading one, so *.conf skips .hidden.conf.
        if (name.StartsWith('.') && parts is not [{ Kind: Kind.Literal, Literal: '.' }, ..])
        {
            return false;
        }
        // The classic two-pointer match: on a mismatch, go back to the last star and let it take one more character.
        int p = 0, n = 0, star = -1, starName = 0;
        while (n < name.Length)
        {
            if (p < parts.Length && parts[p].Kind == Kind.AnyRun)
            {
                star = p++;
                starName = n;
            }
            else if (p < parts.Length && parts[p].MatchesOne(name[n]))
            {
                p++;
                n++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                n = ++starName;
            }
            else
            {
                return false;
            }
        }
        while (p < parts.Length && parts[p].Kind == Kind.AnyRun)
        {
            p++;
        }
        return p == parts.Length;
    }

    /// <summary>A bracket expression: characters, ranges and POSIX classes, possibly negated.</summary>
    private sealed class CharSet(bool negated, List<(char Low, char High)> ranges, List<Func<char, bool>> classes)
    {
        private static readonly Dictionary<string, Func<char, bool>> Classes = new(StringComparer.Ordinal)
        {
            ["alnum"] = char.IsAsciiLetterOrDigit,
            ["alpha"] = char.IsAsciiLetter,
            ["blank"] = c => c is ' ' or '\t',
            ["cntrl"] = char.IsControl,
            ["digit"] = char.IsAsciiDigit,
            ["graph"] = c => c > ' ' && c < '\x7f',
            ["lower"] = char.IsAsciiLetterLower,
            ["print"] = c => c >= ' ' && c < '\x7f',
            ["punct"] = c => c > ' ' && c < '\x7f' && !char.IsAsciiLetterOrDigit(c),
            ["space"] = c => c is ' ' or >= '\t' and <= '\r',
            ["upper"] = char.IsAsciiLetterUpper,
            ["xdigit"] = char.IsAsciiHexDigit,
        };

        public bool Contains(char c) =>
            negated != (ranges.Exists(r => c >= r.Low && c <= r.High) || classes.Exists(test => test(c)));

        /// <summary>Reads the set that starts at the '[' at <paramref name="i"/>, leaving <paramref name="i"/> on its ']'; null when none closes it.</summary>
        public static CharSet? Parse(string text, ref int i)
        {
            var j = i + 1;
            var negated = j < text.Length && text[j] is '!' or '^';
            if (negated)
            {
                j++;
            }
            var ranges = new List<(char, char)>();
            var classes = new List<Func<char, bool>>();
            // A ']' first in the set is a member, not its end.
            for (var first = true; j < text.Length; first = false)
            {
                if (text[j] == ']' && !first)
                {
                    i = j;
                    return new CharSet(negated, ranges, classes);
                }
                if (text[j] == '[' && j + 1 < text.Length && text[j + 1] == ':' && text.IndexOf(":]", j + 2, StringComparison.Ordinal) is var end and >= 0)
                {
                    var name = text[(j + 2)..end];
                    classes.Add(Classes.TryGetValue(name, out var test)
                        ? test
                        : throw new FormatException($"[:{name}:] is not a character class (alnum, alpha, digit, lower, upper, space, xdigit, …)"));
                    j = end + 2;
                    continue;
                }
                var low = Member(text, ref j);
                var high = low;
                if (j + 1 < text.Length && text[j] == '-' && text[j + 1] != ']')
                {
                    j++;
                    high = Member(text, ref j);
                }
                ranges.Add((low, high));
            }
            return null;
        }

        private static char Member(string text, ref int j)
        {
            if (text[j] == '\\' && j + 1 < text.Length)
            {
                j++;
            }
            return text[j++];
        }
    }
}
