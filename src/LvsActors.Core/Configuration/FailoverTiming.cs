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
/// <param name="TickDuration">akka.scheduler.tick-duration (10 ms): Akka's timers, the renewals' among them, fire on this tick.</param>
public sealed record LeaseTiming(TimeSpan Lease, TimeSpan FenceInterval, TimeSpan LeaseMargin, TimeSpan TickDuration)
{
    /// <summary>The kernel request that takes the VIPs away, after the lease's end was noticed.</summary>
    public static readonly TimeSpan KernelRequest = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// How late the director's lease clock (LeaseClock: the monotonic clock, a thread of its own) may notice the end of a
    /// lease on an idle host: about a millisecond measured; five allowed.
    /// </summary>
    public static readonly TimeSpan ClockSlack = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// The shortest margin that covers the old holder's way from the end of its lease to its VIPs gone: the lease clock
    /// notices the end, then the kernel request. (The kernel fence closes at the end itself, where it is attached.)
    /// </summary>
    public static TimeSpan ShortestMargin => ClockSlack + KernelRequest;

    /// <summary>How often renewals really go: Akka's timers fire on its tick, so never more often than one a tick.</summary>
    public TimeSpan RenewalInterval => TickDuration <= TimeSpan.Zero ? FenceInterval
        : TimeSpan.FromTicks((FenceInterval.Ticks + TickDuration.Ticks - 1) / TickDuration.Ticks * TickDuration.Ticks);

    /// <summary>A holder must be able to renew at least twice within its lease, or a single late ping ends it.</summary>
    public TimeSpan ShortestLease => RenewalInterval * 2;
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
        if (timing.LeaseMargin < LeaseTiming.ShortestMargin)
        {
            var where = Node(root, "lvs", "director", "leadership", "lease-margin")?.Position ?? root.Position;
            errors.Add(new ConfigError(where, "lvs.director.leadership.lease-margin",
                $"{Show(timing.LeaseMargin)} is too short: after its lease ends, the old holder's VIPs leave its kernel up to {Show(LeaseTiming.ClockSlack)} (its lease clock) " +
                $"+ {Show(LeaseTiming.KernelRequest)} (the kernel request) later, and the voters may promise the next owner lease-margin after; " +
                $"accepted: at least {Show(LeaseTiming.ShortestMargin)} (short by {Show(LeaseTiming.ShortestMargin - timing.LeaseMargin)})"));
        }
        if (timing.Lease < timing.ShortestLease)
        {
            var where = Node(root, "lvs", "fencing", "isolation-timeout")?.Position ?? Node(root, "lvs", "director", "leadership", "fence-interval")?.Position
                ?? Node(root, "akka", "scheduler", "tick-duration")?.Position ?? root.Position;
            var plain = timing.RenewalInterval == timing.FenceInterval;
            var interval = plain
                ? $"lvs.director.leadership.fence-interval ({Show(timing.FenceInterval)})"
                : $"renewals every {Show(timing.RenewalInterval)} (fence-interval {Show(timing.FenceInterval)} on akka.scheduler.tick-duration {Show(timing.TickDuration)})";
            errors.Add(new ConfigError(where, "lvs.fencing.isolation-timeout",
                $"{Show(timing.Lease)} is too short for {interval}: the holder must be able to renew its lease " +
                $"at least twice within it, or one late ping moves the VIPs; accepted: at least 2 x {(plain ? "fence-interval" : Show(timing.RenewalInterval))} = {Show(timing.ShortestLease)} " +
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
