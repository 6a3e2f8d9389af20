using System.Text;
using LvsActors.Configuration.Hocon;

namespace LvsActors.Keepalived;

/// <summary>
/// keepalived's parameters (lib/parser.c, ≥ 2.0): a line <c>$NAME=value</c> defines one, a value ending in <c>\</c>
/// goes on over the next lines (a multiline definition, which expands to several lines); <c>$NAME</c> (followed by a
/// blank, <c>,</c>, <c>)</c> or the end) or <c>${NAME}</c> anywhere later is replaced by the value, and the result is
/// scanned again. A name without definition stays as written, as in keepalived. The standard ones: <c>_PWD</c> (the
/// directory of the file being read), <c>_HASH</c> (#), <c>_BANG</c> (!); <c>_INSTANCE</c> and <c>_RANDOM</c> depend
/// on the running keepalived and are reported.
/// </summary>
internal sealed class KeepalivedParameters(Action<ImportReport>? report)
{
    // Characters substitution has written in this import, against KeepalivedLimits.MaxTotalBytes: many lines each
    // expanding to the longest line allowed would otherwise cost minutes.
    private long written;

    private readonly Dictionary<string, (string Value, bool Multiline)> definitions = new(StringComparer.Ordinal)
    {
        ["_HASH"] = ("#", false),
        ["_BANG"] = ("!", false),
    };

    /// <summary>
    /// When <paramref name="line"/> (comment removed, leading blanks trimmed) is a definition, stores it, consuming the
    /// lines a multiline one continues on (<paramref name="i"/> moves to its last line), and returns true.
    /// </summary>
    public bool TryDefine(string line, string[] lines, ref int i, Func<string, string> decomment)
    {
        if (line.Length < 2 || line[0] != '$' || !IsNameStart(line[1]))
        {
            return false;
        }
        var end = 2;
        while (end < line.Length && IsNameChar(line[end]))
        {
            end++;
        }
        var equals = end;
        while (equals < line.Length && line[equals] is ' ' or '\t')
        {
            equals++;
        }
        if (equals == line.Length || line[equals] != '=')
        {
            return false;
        }
        var value = line[(equals + 1)..].TrimStart(' ', '\t');
        if (!value.EndsWith('\\'))
        {
            definitions[line[1..end]] = (value, false);
            return true;
        }
        // A multiline value: each line ending in \ goes on; a blank line or one without \ ends it.
        var text = new StringBuilder(value[..^1].TrimEnd(' ', '\t'));
        while (i + 1 < lines.Length)
        {
            var next = decomment(lines[i + 1]).Trim(' ', '\t', '\r');
            if (next.Length == 0)
            {
                break;
            }
            i++;
            var more = next.EndsWith('\\');
            var piece = more ? next[..^1].TrimEnd(' ', '\t') : next;
            if (piece.Length > 0)
            {
                text.Append(text.Length > 0 ? "\n" : "").Append(piece);
            }
            if (!more)
            {
                break;
            }
        }
        definitions[line[1..end]] = (text.ToString(), true);
        return true;
    }

    /// <summary>
    /// <paramref name="line"/> with its parameters replaced, rescanning each replacement as keepalived does; a multiline
    /// value (allowed only at the end of the line) makes the result several lines, separated by \n.
    /// </summary>
    /// <exception cref="KeepalivedSyntaxException">The substitutions do not end, or make the line too long.</exception>
    public string Substitute(string line, SourcePosition position, string keyword)
    {
        if (!line.Contains('$'))
        {
            return line;
        }
        var text = line;
        var count = 0;
        var at = 0;
        while ((at = text.IndexOf('$', at)) >= 0 && at + 1 < text.Length)
        {
            if (Reference(text, at) is not (var name, var end) || Value(name, position, text, end) is not { } value)
            {
                at++;
                continue;
            }
            text = string.Concat(text.AsSpan(0, at), value, text.AsSpan(end));
            written += value.Length;
            if (written > KeepalivedLimits.MaxTotalBytes)
            {
                throw new KeepalivedSyntaxException(position, keyword,
                    $"parameters expand to more than {KeepalivedLimits.MaxTotalBytes / 1024 / 1024} MiB in all; write the values out");
            }
            if (++count > KeepalivedLimits.MaxSubstitutions || text.Length > KeepalivedLimits.MaxSubstitutedLine)
            {
                throw new KeepalivedSyntaxException(position, keyword,
                    $"parameter ${name} expands without end (a definition that uses itself?); keepalived would not finish reading this line");
            }
        }
        return text;
    }

    /// <summary>The name in the first <c>${NAME}</c> left in <paramref name="line"/> after substitution, one without definition; null for none.</summary>
    public static string? UndefinedBraced(string line)
    {
        for (var at = line.IndexOf("${", StringComparison.Ordinal); at >= 0; at = line.IndexOf("${", at + 1, StringComparison.Ordinal))
        {
            if (Reference(line, at) is ({ } name, _))
            {
                return name;
            }
        }
        return null;
    }

    /// <summary>The name of the reference at <paramref name="at"/> and where the reference ends, or null when the text there is none.</summary>
    private static (string Name, int End)? Reference(string text, int at)
    {
        var braces = text[at + 1] == '{';
        var start = at + (braces ? 2 : 1);
        if (start >= text.Length || !IsNameStart(text[start]))
        {
            return null;
        }
        var end = start + 1;
        while (end < text.Length && IsNameChar(text[end]))
        {
            end++;
        }
        if (braces)
        {
            return end < text.Length && text[end] == '}' ? (text[start..end], end + 1) : null;
        }
        return end == text.Length || text[end] is ' ' or '\t' or ',' or ')' ? (text[start..end], end) : null;
    }

    private string? Value(string name, SourcePosition position, string text, int end)
    {
        if (definitions.TryGetValue(name, out var definition))
        {
            // keepalived finds a multiline definition only where the reference ends the line.
            return definition.Multiline && end != text.Length ? null : definition.Value;
        }
        switch (name)
        {
            case "_PWD":
                return Path.GetDirectoryName(Path.GetFullPath(position.File)) ?? "/";
            case "_INSTANCE" or "_RANDOM":
                report?.Invoke(new ImportReport(position, "$" + name,
                    $"${name} depends on the running keepalived (its -i instance, a random number); left as written: put the value in by hand"));
                return null;
            default:
                return null;
        }
    }

    private static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
