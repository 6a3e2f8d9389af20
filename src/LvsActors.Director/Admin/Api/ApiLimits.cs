using System.Buffers;
using System.Globalization;
using System.Text;

namespace LvsActors.Director.Admin.Api;

/// <summary>
/// The sizes the admin API accepts, and how it quotes what a client sent. Every value a client controls is checked
/// against these before it is logged, and quoted through <see cref="Echo"/> when it is repeated in a reply or a log,
/// so that a request can neither forge log lines nor fill the log.
/// </summary>
internal static class ApiLimits
{
    /// <summary>The longest virtual service name in a path (configuration names are far shorter).</summary>
    public const int MaxServiceName = 255;

    /// <summary>The longest real-server address: "[IPv6]:port" is at most 53 characters.</summary>
    public const int MaxAddress = 64;

    /// <summary>The largest request body: a write's body is a handful of fields.</summary>
    public const int MaxBodyBytes = 16 * 1024;

    /// <summary>The longest request target (path and query).</summary>
    public const int MaxTargetLength = 2048;

    /// <summary>The largest total of header names and values.</summary>
    public const int MaxHeaderBytes = 16 * 1024;

    /// <summary>The most headers in a request.</summary>
    public const int MaxHeaderCount = 64;

    /// <summary>The deepest JSON nesting read from a body; a write's body is one flat object.</summary>
    public const int MaxJsonDepth = 16;

    /// <summary>How much of a client's value is repeated in a reply or a log line.</summary>
    public const int EchoLength = 64;

    /// <summary>The longest drain timeout, as AdminDecisions accepts it.</summary>
    public static readonly TimeSpan MaxDrainTimeout = TimeSpan.FromDays(7);

    private static readonly SearchValues<char> Forbidden =
        SearchValues.Create([.. Enumerable.Range(0, 0xA0).Select(i => (char)i).Where(char.IsControl), '\u2028', '\u2029']);

    /// <summary>
    /// True for what must never reach a log line or a name: C0 and C1 controls, DEL, and the Unicode line and
    /// paragraph separators (which some log viewers break lines at).
    /// </summary>
    public static bool IsForbidden(char c) => char.IsControl(c) || c is '\u2028' or '\u2029';

    /// <summary>Why <paramref name="value"/> is not acceptable as <paramref name="what"/>, or null.</summary>
    public static string? CheckName(string what, string value, int maxLength)
    {
        if (value.Length == 0)
        {
            return $"{what} is empty";
        }
        if (value.Length > maxLength)
        {
            return $"{what} is {value.Length} characters long; at most {maxLength} are accepted";
        }
        return ControlIn(what, value);
    }

    /// <summary>Names the first forbidden character in <paramref name="value"/> and where it is, or null.</summary>
    public static string? ControlIn(string what, string value)
    {
        var at = value.AsSpan().IndexOfAny(Forbidden);
        return at < 0 ? null : $"{what} contains the control character U+{(int)value[at]:X4} at position {at + 1}; names and addresses are printable text";
    }

    /// <summary>
    /// A client's value as it may be repeated: forbidden characters written as \uXXXX, and at most
    /// <see cref="EchoLength"/> characters followed by "…".
    /// </summary>
    public static string Echo(string value, int length = EchoLength)
    {
        var text = new StringBuilder(Math.Min(value.Length, length) + 8);
        foreach (var c in value)
        {
            if (text.Length >= length)
            {
                // Never end on half a surrogate pair.
                return (char.IsHighSurrogate(text[^1]) ? text.Remove(text.Length - 1, 1) : text).Append('…').ToString();
            }
            text.Append(IsForbidden(c) ? "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) : c);
        }
        return text.ToString();
    }
}
