using System.Globalization;
using LvsActors.Configuration.Hocon;
using LvsActors.Model;
using static LvsActors.Configuration.HoconPath;

namespace LvsActors.Configuration;

/// <summary>
/// The numbers the VIP lease rests on (docs/FAILOVER.md), with the embedded defaults.
/// </summary>
/// <param name="Lease">lvs.fencing.isolation-timeout: the holder's lease after each renewal.</param>
/// <param name="FenceInterval">lvs.director.leadership.fence-interval (100 ms): how often the holder renews.</param>
/// <param name="LeaseMargin">lvs.director.leadership.lease-margin (100 ms): how much longer a voter's promise runs.</param>
/// <param name="TickDuration">akka.scheduler.tick-duration (10 ms): how late a timer may fire on an idle host.</param>
public sealed record LeaseTiming(TimeSpan Lease, TimeSpan FenceInterval, TimeSpan LeaseMargin, TimeSpan TickDuration)
{
    /// <summary>The kernel request that takes the VIPs away, after the lease timer fired.</summary>
    public static readonly TimeSpan KernelRequest = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// The shortest margin that covers the old holder's way from the end of its lease to its VIPs gone: the lease
    /// timer fires up to a scheduler tick late (two, for the tick it was set in), then the kernel request.
    /// </summary>
    public TimeSpan ShortestMargin => TickDuration * 2 + KernelRequest;

    /// <summary>A holder must be able to renew at least twice within its lease, or a single late ping ends it.</summary>
    public TimeSpan ShortestLease => FenceInterval * 2;
}

/// <summary>
/// Cross-checks the lease's timings and the <c>akka</c> section: never auto-down; the voters' promise outlasts the old
/// holder's VIPs (lease-margin); a lease that a holder can renew (docs/FAILOVER.md). The failure detector and the
/// downing decision no longer enter: a new owner needs the voters' promises, whenever the cluster removes the old one.
/// Runs only for clustered configurations.
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
        VipLifetimeRule.Check(root, errors);
        // Not part of the lease's argument any more, but Akka.NET reads them: refuse what it could not.
        foreach (var key in new[] { "heartbeat-interval", "acceptable-heartbeat-pause" })
        {
            Duration(root, errors, TimeSpan.Zero, "akka", "cluster", "failure-detector", key);
        }
        Duration(root, errors, TimeSpan.Zero, "akka", "cluster", "split-brain-resolver", "stable-after");
        var timing = new LeaseTiming(
            cluster.IsolationTimeout,
            Duration(root, errors, TimeSpan.FromMilliseconds(100), "lvs", "director", "leadership", "fence-interval"),
            Duration(root, errors, TimeSpan.FromMilliseconds(100), "lvs", "director", "leadership", "lease-margin"),
            Duration(root, errors, TimeSpan.FromMilliseconds(10), "akka", "scheduler", "tick-duration"));
        if (timing.LeaseMargin < timing.ShortestMargin)
        {
            var where = Node(root, "lvs", "director", "leadership", "lease-margin")?.Position ?? Node(root, "akka", "scheduler", "tick-duration")?.Position ?? root.Position;
            errors.Add(new ConfigError(where, "lvs.director.leadership.lease-margin",
                $"{Show(timing.LeaseMargin)} is too short: after its lease ends, the old holder's VIPs leave its kernel up to 2 x akka.scheduler.tick-duration " +
                $"({Show(timing.TickDuration)}) + {Show(LeaseTiming.KernelRequest)} for the kernel request later, and the voters may promise the next owner lease-margin after; " +
                $"accepted: at least {Show(timing.ShortestMargin)} (short by {Show(timing.ShortestMargin - timing.LeaseMargin)})"));
        }
        if (timing.Lease < timing.ShortestLease)
        {
            var where = Node(root, "lvs", "fencing", "isolation-timeout")?.Position ?? Node(root, "lvs", "director", "leadership", "fence-interval")?.Position ?? root.Position;
            errors.Add(new ConfigError(where, "lvs.fencing.isolation-timeout",
                $"{Show(timing.Lease)} is too short for lvs.director.leadership.fence-interval ({Show(timing.FenceInterval)}): the holder must be able to renew its lease " +
                $"at least twice within it, or one late ping moves the VIPs; accepted: at least 2 x fence-interval = {Show(timing.ShortestLease)} " +
                $"(short by {Show(timing.ShortestLease - timing.Lease)}), or renew more often"));
        }
    }

    private static TimeSpan Duration(HoconObject root, List<ConfigError> errors, TimeSpan fallback, params string[] path)
    {
        if (Scalar(root, path) is not { } value)
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
        errors.Add(new ConfigError(value.Position, string.Join('.', path), parsed is not null || tooLong
            ? $"{value.Text} is out of range; accepted: 0 to {Show(MaxDuration)}"
            : $"\"{value.Text}\" is not a duration; accepted: e.g. 200ms, 1s"));
        return fallback;
    }

    // Far above any sensible failure detector, and low enough that the sums above cannot overflow a TimeSpan.
    private static readonly TimeSpan MaxDuration = TimeSpan.FromDays(1);

    private static string Show(TimeSpan t) => DurationText.Format(t);
}
