using System.Globalization;

namespace LvsActors.Configuration;

/// <summary>
/// Durations as configuration and the command line write them: 500ms, 6s, 2m, 1h, 1d; a bare number is seconds.
/// <see cref="Format"/> is the one way a duration is written back in messages.
/// </summary>
public static class DurationText
{
    /// <summary>The duration, or null when the text is not one.</summary>
    public static TimeSpan? Parse(string text)
    {
        var t = text.Trim();
        var split = t.Length;
        while (split > 0 && char.IsLetter(t[split - 1]))
        {
            split--;
        }
        var unit = t[split..].Trim().ToLowerInvariant();
        if (!double.TryParse(t[..split].Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return null;
        }
        return unit switch
        {
            "ms" or "milliseconds" => TimeSpan.FromMilliseconds(number),
            "" or "s" or "seconds" => TimeSpan.FromSeconds(number),
            "m" or "minutes" => TimeSpan.FromMinutes(number),
            "h" or "hours" => TimeSpan.FromHours(number),
            "d" or "days" => TimeSpan.FromDays(number),
            _ => null,
        };
    }

    /// <summary>A duration as configuration writes it: <c>250ms</c>, <c>1s</c>, <c>1.5s</c> (below a second in milliseconds).</summary>
    public static string Format(TimeSpan duration) =>
        duration.TotalMilliseconds < 1000
            ? duration.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + "ms"
            : duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";
}
