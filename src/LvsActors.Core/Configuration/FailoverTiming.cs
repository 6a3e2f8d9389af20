using System.Globalization;
using LvsActors.Configuration.Hocon;
using LvsActors.Model;
using static LvsActors.Configuration.HoconPath;

namespace LvsActors.Configuration;

/// <summary>
/// The Akka.NET numbers that decide how soon the majority can replace a VIP owner, read from the configuration's
/// <c>akka</c> section with Akka.NET's own defaults.
/// </summary>
/// <param name="HeartbeatInterval">akka.cluster.failure-detector.heartbeat-interval (1 s).</param>
/// <param name="AcceptableHeartbeatPause">akka.cluster.failure-detector.acceptable-heartbeat-pause (3 s).</param>
/// <param name="StableAfter">akka.cluster.split-brain-resolver.stable-after (20 s).</param>
public sealed record FailoverTiming(TimeSpan HeartbeatInterval, TimeSpan AcceptableHeartbeatPause, TimeSpan StableAfter)
{
    /// <summary>
    /// Room for timers firing late on a loaded host: the isolated owner's lease timer and the majority's clocks
    /// (CPU starvation delayed timers by 60–400 ms here; the phi detector's own margin covers the rest).
    /// </summary>
    public static readonly TimeSpan TimerSlack = TimeSpan.FromMilliseconds(200);

    /// <summary>The earliest, after an owner's last confirmed contact, that the majority can detect, down and replace it.</summary>
    public TimeSpan EarliestTakeover => AcceptableHeartbeatPause + StableAfter - HeartbeatInterval;

    /// <summary>The longest isolation-timeout that keeps the isolated owner's drop ahead of any takeover.</summary>
    public TimeSpan LongestIsolationTimeout => EarliestTakeover - TimerSlack;
}

/// <summary>
/// Cross-checks <c>lvs.fencing</c> against the <c>akka</c> section: never auto-down, and an isolated director must drop
/// its VIPs before the majority may give them to another (DESIGN §5). Runs only for clustered configurations.
/// </summary>
internal static class FailoverTimingRules
{
    public static void Check(HoconObject root, ClusterSettings cluster, List<ConfigError> errors)
    {
        var akka = root.Field("akka")?.Value as HoconObject;
        if (!HoconPath.IsClustered(akka) && Node(root, "lvs", "cluster") is null)
        {
            return;
        }
        if (Scalar(akka, "cluster", "auto-down-unreachable-after") is { } autoDown && autoDown.Text != "off"
            && Scalar(akka, "cluster", "downing-provider-class") is not { Text.Length: > 0 })
        {
            errors.Add(new ConfigError(autoDown.Position, "akka.cluster.auto-down-unreachable-after",
                "auto-down makes both sides of a partition down each other and keep their VIPs; set it to off and use downing-provider-class (keep-majority)"));
        }
        var timing = new FailoverTiming(
            Duration(akka, errors, TimeSpan.FromSeconds(1), "cluster", "failure-detector", "heartbeat-interval"),
            Duration(akka, errors, TimeSpan.FromSeconds(3), "cluster", "failure-detector", "acceptable-heartbeat-pause"),
            Duration(akka, errors, TimeSpan.FromSeconds(20), "cluster", "split-brain-resolver", "stable-after"));
        VipLifetimeRule.Check(root, errors);
        if (cluster.IsolationTimeout < timing.LongestIsolationTimeout)
        {
            return;
        }
        var where = Node(root, "lvs", "fencing", "isolation-timeout")?.Position ?? Node(root, "lvs", "cluster")?.Position ?? root.Position;
        errors.Add(new ConfigError(where, "lvs.fencing.isolation-timeout",
            $"{Show(cluster.IsolationTimeout)} is too long: an isolated director must drop its VIPs before the majority can hand them to another, " +
            $"which takes at least acceptable-heartbeat-pause ({Show(timing.AcceptableHeartbeatPause)}) + split-brain-resolver.stable-after ({Show(timing.StableAfter)}) " +
            $"- heartbeat-interval ({Show(timing.HeartbeatInterval)}) = {Show(timing.EarliestTakeover)}, less {Show(FailoverTiming.TimerSlack)} for late timers; " +
            $"accepted: below {Show(timing.LongestIsolationTimeout)} (over by {Show(cluster.IsolationTimeout - timing.LongestIsolationTimeout)}), or raise stable-after"));
    }

    private static TimeSpan Duration(HoconObject? akka, List<ConfigError> errors, TimeSpan fallback, params string[] path)
    {
        if (Scalar(akka, path) is not { } value)
        {
            return fallback;
        }
        // Akka.NET reads a bare number as milliseconds (keepalived-style bare seconds are ours, not Akka's).
        var text = value.Text.Replace(" ", "", StringComparison.Ordinal);
        var bare = double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _);
        var parsed = DurationText.Parse(bare ? text + "ms" : text, out var tooLong);
        if (parsed is { } d && d <= MaxDuration)
        {
            return d;
        }
        if (AkkaDurationRule.TooLong(value.Text))
        {
            return fallback;
        }
        errors.Add(new ConfigError(value.Position, "akka." + string.Join('.', path), parsed is not null || tooLong
            ? $"{value.Text} is out of range; accepted: 0 to {Show(MaxDuration)}"
            : $"\"{value.Text}\" is not a duration; accepted: e.g. 200ms, 1s"));
        return fallback;
    }

    // Far above any sensible failure detector, and low enough that the sums above cannot overflow a TimeSpan.
    private static readonly TimeSpan MaxDuration = TimeSpan.FromDays(1);

    private static string Show(TimeSpan t) => DurationText.Format(t);
}
