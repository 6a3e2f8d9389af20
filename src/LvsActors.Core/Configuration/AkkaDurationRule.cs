using System.Globalization;
using LvsActors.Configuration.Hocon;

namespace LvsActors.Configuration;

/// <summary>
/// Akka.NET reads its durations only when the actor system starts, and throws an OverflowException there on one too
/// long for a TimeSpan. Every value of the <c>akka</c> section (and of <c>lvs.director</c>, read the same way) written as a number with a time unit is checked here
/// instead, so that such a file is refused by validate and by a reload, with its line, rather than killing a start.
/// </summary>
internal static class AkkaDurationRule
{
    // Akka.NET's HOCON time units (HoconValue.GetTimeSpan), as ticks.
    private static readonly Dictionary<string, double> Units = new(StringComparer.Ordinal)
    {
        ["ns"] = 0.01,
        ["nano"] = 0.01,
        ["nanos"] = 0.01,
        ["nanosecond"] = 0.01,
        ["nanoseconds"] = 0.01,
        ["us"] = 10,
        ["micro"] = 10,
        ["micros"] = 10,
        ["microsecond"] = 10,
        ["microseconds"] = 10,
        ["ms"] = TimeSpan.TicksPerMillisecond,
        ["milli"] = TimeSpan.TicksPerMillisecond,
        ["millis"] = TimeSpan.TicksPerMillisecond,
        ["millisecond"] = TimeSpan.TicksPerMillisecond,
        ["milliseconds"] = TimeSpan.TicksPerMillisecond,
        ["s"] = TimeSpan.TicksPerSecond,
        ["second"] = TimeSpan.TicksPerSecond,
        ["seconds"] = TimeSpan.TicksPerSecond,
        ["m"] = TimeSpan.TicksPerMinute,
        ["minute"] = TimeSpan.TicksPerMinute,
        ["minutes"] = TimeSpan.TicksPerMinute,
        ["h"] = TimeSpan.TicksPerHour,
        ["hour"] = TimeSpan.TicksPerHour,
        ["hours"] = TimeSpan.TicksPerHour,
        ["d"] = TimeSpan.TicksPerDay,
        ["day"] = TimeSpan.TicksPerDay,
        ["days"] = TimeSpan.TicksPerDay,
    };

    public static void Check(HoconObject root, List<ConfigError> errors)
    {
        if (root.Field("akka")?.Value is { } akka)
        {
            Walk(akka, "akka", errors);
        }
        if (HoconPath.Node(root, "lvs", "director") is { } director)
        {
            Walk(director, "lvs.director", errors);
        }
    }

    private static void Walk(HoconNode node, string path, List<ConfigError> errors)
    {
        switch (node)
        {
            case HoconObject o:
                o.Fields.ToList().ForEach(f => Walk(f.Value, $"{path}.{f.Key}", errors));
                break;
            case HoconArray a:
                for (var i = 0; i < a.Items.Count; i++)
                {
                    Walk(a.Items[i], $"{path}[{i}]", errors);
                }
                break;
            case HoconScalar s when TooLong(s.Text):
                errors.Add(new ConfigError(s.Position, path, $"{s.Text} is longer than Akka.NET can hold (TimeSpan, about 29,000 years); write a shorter duration"));
                break;
        }
    }

    /// <summary>True for a number with an Akka.NET time unit that a TimeSpan cannot hold.</summary>
    public static bool TooLong(string text)
    {
        var t = text.Trim();
        var split = t.Length;
        while (split > 0 && char.IsAsciiLetterLower(t[split - 1]))
        {
            split--;
        }
        return split < t.Length
            && Units.TryGetValue(t[split..], out var ticks)
            && double.TryParse(t[..split].Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
            && !(number * ticks < 9.2e18);
    }
}
