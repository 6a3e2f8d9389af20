using System.Globalization;

namespace LvsActors.Configuration;

/// <summary>
/// Durations as configuration and the command line write them: 500ms, 6s, 2m, 1h, 1d; a bare number is seconds.
/// <see cref="Format"/> is the one way a duration is written back in messages.
/// </summary>
public static class DurationText
{
    // TimeSpan holds about 29,000 years; a longer duration is refused rather than overflowing (OverflowException).
    private const double MaxTicks = 9.2e18;

    /// <summary>The duration, or null when the text is not one or is longer than a TimeSpan holds.</summary>
    public static TimeSpan? Parse(string text) => Parse(text, out _);

    /// <summary>The duration, or null; <paramref name="tooLong"/> tells a duration beyond TimeSpan's range from text that is none.</summary>
    public static TimeSpan? Parse(string text, out bool tooLong)
    {
        tooLong = false;
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
        var ticksPerUnit = unit switch
        {
            "ms" or "milliseconds" => TimeSpan.TicksPerMillisecond,
            "" or "s" or "seconds" => TimeSpan.TicksPerSecond,
            "m" or "minutes" => TimeSpan.TicksPerMinute,
            "h" or "hours" => TimeSpan.TicksPerHour,
            "d" or "days" => TimeSpan.TicksPerDay,
            _ => 0,
        };
        if (ticksPerUnit == 0)
        {
            return null;
        }
        if (!(number * ticksPerUnit < MaxTicks))
        {
            tooLong = true;
            return null;
        }
        return TimeSpan.FromTicks((long)Math.Round(number * ticksPerUnit));
    }

    /// <summary>A duration as configuration writes it: <c>250ms</c>, <c>1s</c>, <c>1.5s</c> (below a second in milliseconds).</summary>
    public static string Format(TimeSpan duration) =>
        duration.TotalMilliseconds < 1000
            ? duration.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + "ms"
            : duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";
}
