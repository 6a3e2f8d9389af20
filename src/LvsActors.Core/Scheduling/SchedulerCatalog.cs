namespace LvsActors.Scheduling;

/// <summary>Settings a few schedulers need; the defaults are the kernel's.</summary>
public sealed record SchedulerOptions
{
    /// <summary>A monotonic clock in milliseconds for lblc and lblcr expiry (the kernel's jiffies).</summary>
    public Func<long> ClockMilliseconds { get; init; } = () => Environment.TickCount64;

    /// <summary>The sysctl <c>lblc_expiration</c> (default 24 h).</summary>
    public TimeSpan LblcExpiration { get; init; } = TimeSpan.FromHours(24);

    /// <summary>The sysctl <c>lblcr_expiration</c> (default 24 h).</summary>
    public TimeSpan LblcrExpiration { get; init; } = TimeSpan.FromHours(24);

    /// <summary><c>CONFIG_IP_VS_MH_TAB_INDEX</c>, 8–17 (default 12: a 4093-position table).</summary>
    public int MaglevTableIndex { get; init; } = 12;

    /// <summary><c>CONFIG_IP_VS_SH_TAB_BITS</c>, 4–20 (default 8: 256 buckets).</summary>
    public int SourceHashTableBits { get; init; } = 8;

    /// <summary>Randomness for twos (the kernel's <c>get_random_u32_below</c>).</summary>
    public Random Random { get; init; } = Random.Shared;

    /// <summary>The kernel's defaults.</summary>
    public static SchedulerOptions Default { get; } = new();
}

/// <summary>
/// The IPVS schedulers by their kernel names and the flags each accepts (ipvsadm -s NAME -b FLAG,…), and a factory
/// that creates an instance for one virtual service.
/// </summary>
public static class SchedulerCatalog
{
    /// <summary>Every scheduler name, as the kernel registers them.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf", "mh", "twos"];

    private static readonly string[] ShFlags = ["sh-fallback", "sh-port"];
    private static readonly string[] MhFlags = ["mh-fallback", "mh-port"];

    /// <summary>True when <paramref name="name"/> is a scheduler name (case-sensitive, as the kernel matches them).</summary>
    public static bool IsKnown(string name) => Names.Contains(name, StringComparer.Ordinal);

    /// <summary>The flags <paramref name="name"/> accepts: sh-fallback and sh-port for sh, mh-fallback and mh-port
    /// for mh, none for the rest (ipvsadm refuses the others' flags).</summary>
    public static IReadOnlyList<string> FlagsOf(string name) => name switch
    {
        "sh" => ShFlags,
        "mh" => MhFlags,
        _ => [],
    };

    /// <summary>True when scheduler <paramref name="name"/> accepts <paramref name="flag"/>.</summary>
    public static bool AcceptsFlag(string name, string flag) => FlagsOf(name).Contains(flag, StringComparer.Ordinal);

    /// <summary>Creates a scheduler for one virtual service.</summary>
    /// <exception cref="ArgumentException">Unknown name, or a flag the scheduler does not accept.</exception>
    public static IScheduler Create(string name, IEnumerable<string>? flags = null, SchedulerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!IsKnown(name))
            throw new ArgumentException(
                $"Unknown scheduler '{name}'. Use one of: {string.Join(", ", Names)}.", nameof(name));
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var flag in flags ?? [])
        {
            if (!AcceptsFlag(name, flag))
            {
                var accepted = FlagsOf(name);
                var hint = accepted.Count == 0 ? "it takes no flags" : $"it accepts {string.Join(", ", accepted)}";
                throw new ArgumentException($"Scheduler '{name}' does not accept flag '{flag}': {hint}.", nameof(flags));
            }
            set.Add(flag);
        }
        var o = options ?? SchedulerOptions.Default;
        return name switch
        {
            "rr" => new RoundRobinScheduler(),
            "wrr" => new WeightedRoundRobinScheduler(),
            "lc" => new LeastConnectionScheduler(),
            "wlc" => new WeightedLeastConnectionScheduler(),
            "lblc" => new LocalityLeastConnectionScheduler(o.ClockMilliseconds, o.LblcExpiration),
            "lblcr" => new LocalityLeastConnectionReplicationScheduler(o.ClockMilliseconds, o.LblcrExpiration),
            "dh" => new DestinationHashScheduler(),
            "sh" => new SourceHashScheduler(set.Contains("sh-fallback"), set.Contains("sh-port"), o.SourceHashTableBits),
            "sed" => new ShortestExpectedDelayScheduler(),
            "nq" => new NeverQueueScheduler(),
            "fo" => new WeightedFailoverScheduler(),
            "ovf" => new OverflowScheduler(),
            "mh" => new MaglevHashScheduler(set.Contains("mh-fallback"), set.Contains("mh-port"), o.MaglevTableIndex),
            "twos" => new TwoRandomChoicesScheduler(o.Random),
            _ => throw new InvalidOperationException($"Scheduler '{name}' is listed but has no factory entry."),
        };
    }
}
