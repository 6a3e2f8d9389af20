using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace LvsActors.Keepalived;

/// <summary>Turns keepalived's value syntax (timers in seconds, addresses and ports apart, scripts as one string) into ours.</summary>
internal static partial class KeepalivedValues
{
    /// <summary>A keepalived timer (seconds, decimals allowed) as a duration: <c>6s</c>, <c>1500ms</c>.</summary>
    public static OutScalar? Duration(KeepalivedNode node, ImportContext context)
    {
        if (!decimal.TryParse(node.Argument, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds))
        {
            context.Report(node, $"\"{node.Argument}\" is not a number of seconds; keepalived ignores it, and so did the import");
            return null;
        }
        var ms = seconds * 1000;
        return decimal.Truncate(seconds) == seconds
            ? new OutScalar(seconds.ToString("0", CultureInfo.InvariantCulture) + "s")
            : new OutScalar(decimal.Round(ms).ToString("0", CultureInfo.InvariantCulture) + "ms");
    }

    /// <summary>A whole number argument, or a report.</summary>
    public static long? Number(KeepalivedNode node, ImportContext context, int index = 0)
    {
        if (index < node.Arguments.Count && long.TryParse(node.Arguments[index], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        context.Report(node, $"expected a whole number, found \"{(index < node.Arguments.Count ? node.Arguments[index] : "")}\"; keepalived ignores it, and so did the import");
        return null;
    }

    /// <summary>An address, or null when the text is not one (IPv4 needs all four parts, as inet_pton does).</summary>
    public static IPAddress? Address(string? text) =>
        text is not null && IPAddress.TryParse(text, out var address) && (address.AddressFamily == AddressFamily.InterNetworkV6 || text.Count(c => c == '.') == 3)
            ? address
            : null;

    /// <summary>Our endpoint text: <c>192.0.2.1:80</c>, <c>[2001:db8::1]:80</c>; without a port, the bare address.</summary>
    public static string Endpoint(IPAddress address, string? port) =>
        port is null ? address.ToString() : address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]:{port}" : $"{address}:{port}";

    /// <summary>
    /// Splits a script line into program and arguments as keepalived does for notify scripts: blanks separate words,
    /// single or double quotes keep blanks in one, a backslash escapes the next character.
    /// </summary>
    public static IReadOnlyList<string> CommandWords(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        char? quote = null;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote is not null)
            {
                if (c == quote)
                {
                    quote = null;
                }
                else
                {
                    word.Append(c);
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
                inWord = true;
            }
            else if (c == '\\' && i + 1 < line.Length)
            {
                word.Append(line[++i]);
                inWord = true;
            }
            else if (c is ' ' or '\t')
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }
        if (inWord)
        {
            words.Add(word.ToString());
        }
        return words;
    }

    /// <summary>True when a script line uses what only a shell understands: pipes, redirections, variables, globs, sequences.</summary>
    public static bool UsesShell(string line) => ShellSyntax().IsMatch(line);

    [GeneratedRegex(@"[|&;<>$`*?~(){}]")]
    private static partial Regex ShellSyntax();

    /// <summary>A name for a service from its key: <c>vs-192-0-2-100-80</c>, <c>vs-2001-db8--100-443</c>, <c>vs-fwmark-1</c>.</summary>
    public static string ServiceName(string key) => "vs-" + key.Replace('.', '-').Replace(':', '-');
}
