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
/// Creates the scheduler of one virtual service from its kernel name and flags. Which names and flags exist is
/// <see cref="Model.SchedulerCatalog"/>'s to say; configuration validation reads the same list.
/// </summary>
public static class SchedulerFactory
{
    /// <summary>Creates the scheduler a configured service names.</summary>
    public static IScheduler Create(Model.SchedulerSpec spec, SchedulerOptions? options = null) =>
        Create(spec.Name, spec.FlagNames, options);

    /// <summary>Creates a scheduler for one virtual service.</summary>
    /// <exception cref="ArgumentException">Unknown name, or a flag the scheduler does not accept.</exception>
    public static IScheduler Create(string name, IEnumerable<string>? flags = null, SchedulerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!Model.SchedulerCatalog.IsKnown(name))
            throw new ArgumentException(
                $"Unknown scheduler '{name}'. Use one of: {string.Join(", ", Model.SchedulerCatalog.Names)}.", nameof(name));
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var flag in flags ?? [])
        {
            var accepted = Model.SchedulerCatalog.FlagNamesFor(name);
            if (!accepted.Contains(flag))
            {
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
