using System.Text;

namespace LvsActors.Keepalived;

/// <summary>
/// glob(3)'s GLOB_BRACE, which keepalived's include uses: <c>{a,b}</c> gives one pattern per alternative, braces
/// nest, a backslash escapes a brace or comma, and a <c>{</c> that nothing closes is literal, as in glibc.
/// </summary>
internal static class BraceExpansion
{
    /// <summary>The patterns <paramref name="pattern"/> stands for, in order.</summary>
    /// <exception cref="FormatException">More than <see cref="KeepalivedLimits.MaxBraceAlternatives"/> patterns.</exception>
    public static IReadOnlyList<string> Expand(string pattern)
    {
        // A work list, not recursion: a pattern of a thousand groups must not go a thousand frames deep.
        var done = new List<string>();
        var pending = new Stack<string>([pattern]);
        while (pending.TryPop(out var next))
        {
            if (FirstGroup(next) is not var (open, close, commas))
            {
                done.Add(next);
                continue;
            }
            if (done.Count + pending.Count + commas.Count + 1 > KeepalivedLimits.MaxBraceAlternatives)
            {
                throw new FormatException($"its braces expand to more than {KeepalivedLimits.MaxBraceAlternatives} patterns");
            }
            var (before, after) = (next[..open], next[(close + 1)..]);
            var bounds = commas.Prepend(open).Append(close).ToList();
            // Pushed last to first, so that the first alternative is expanded first.
            for (var k = bounds.Count - 2; k >= 0; k--)
            {
                var alternative = next[(bounds[k] + 1)..bounds[k + 1]];
                pending.Push(new StringBuilder(before.Length + alternative.Length + after.Length).Append(before).Append(alternative).Append(after).ToString());
            }
        }
        return done;
    }

    /// <summary>The first brace group that closes: where it opens and closes, and its commas at its own level.</summary>
    private static (int Open, int Close, List<int> Commas)? FirstGroup(string pattern)
    {
        for (var open = pattern.IndexOf('{'); open >= 0; open = NextOpen(pattern, open + 1))
        {
            if (open > 0 && IsEscaped(pattern, open))
            {
                continue;
            }
            var depth = 0;
            var commas = new List<int>();
            for (var i = open + 1; i < pattern.Length; i++)
            {
                switch (pattern[i])
                {
                    case '\\':
                        i++;
                        break;
                    case '{':
                        depth++;
                        break;
                    case ',' when depth == 0:
                        commas.Add(i);
                        break;
                    case '}' when depth == 0:
                        return (open, i, commas);
                    case '}':
                        depth--;
                        break;
                }
            }
            // Nothing closes this one, so no later one can close either: the rest is literal.
            return null;
        }
        return null;
    }

    private static int NextOpen(string pattern, int from) => from < pattern.Length ? pattern.IndexOf('{', from) : -1;

    /// <summary>True when an odd number of backslashes stands before <paramref name="index"/>.</summary>
    private static bool IsEscaped(string pattern, int index)
    {
        var backslashes = 0;
        for (var i = index - 1; i >= 0 && pattern[i] == '\\'; i--)
        {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }
}
