using System.Globalization;
using LvsActors.Configuration.Hocon;
using static LvsActors.Configuration.HoconPath;

namespace LvsActors.Configuration;

/// <summary>
/// Checks <c>lvs.director.nice</c>, the director's CPU priority: a whole number from -20 to 19, as nice(1) and
/// setpriority(2) take it; and <c>lvs.director.realtime-priority</c>: 0 or 1 to 99. Anything else would stop the
/// director at start, after validate had let it through.
/// </summary>
internal static class NiceRule
{
    /// <summary>A nice value as setpriority(2) takes it: a whole number from -20 to 19 (the importer reads keepalived's this way too).</summary>
    public static bool TryRead(string? text, out int nice) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out nice) && nice is >= -20 and <= 19;

    public static void Check(HoconObject root, List<ConfigError> errors)
    {
        CheckRealtime(root, errors);
        switch (Node(root, "lvs", "director", "nice"))
        {
            case null:
                return;
            case HoconScalar scalar when TryRead(scalar.Text, out _):
                return;
            case var other:
                errors.Add(new ConfigError(other.Position, "lvs.director.nice",
                    $"{(other is HoconScalar text ? text.ToString() : other is HoconArray ? "a list" : "an object")} is not a nice value: accepted a whole number from -20 (first to run) to 19 (last), e.g. nice = -10"));
                return;
        }
    }

    // lvs.director.realtime-priority: 0 (off) or a SCHED_RR priority, 1 to 99, as sched_setscheduler(2) takes it.
    private static void CheckRealtime(HoconObject root, List<ConfigError> errors)
    {
        switch (Node(root, "lvs", "director", "realtime-priority"))
        {
            case null:
                return;
            case HoconScalar scalar when int.TryParse(scalar.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is >= 0 and <= 99:
                return;
            case var other:
                errors.Add(new ConfigError(other.Position, "lvs.director.realtime-priority",
                    $"{(other is HoconScalar text ? text.ToString() : other is HoconArray ? "a list" : "an object")} is not a real-time priority: accepted 0 (off) or a whole number from 1 to 99 (SCHED_RR), e.g. realtime-priority = 50"));
                return;
        }
    }
}
