namespace LvsActors.Model;

/// <summary>
/// The kernel's three scheduler-specific service flags (IP_VS_SVC_F_SCHED1..3). Their meaning depends on the
/// scheduler: for sh and mh, SCHED1 is "fallback" and SCHED2 is "port".
/// </summary>
[Flags]
public enum SchedulerFlags
{
    None = 0,
    Sched1 = 1,
    Sched2 = 2,
    Sched3 = 4,
}

/// <summary>A scheduler by its kernel name (ip_vs_NAME module) and its flags.</summary>
public sealed record SchedulerSpec(string Name, SchedulerFlags Flags)
{
    /// <summary>The flags as ipvsadm names them for this scheduler, in bit order (for <c>-b</c>).</summary>
    public IReadOnlyList<string> FlagNames => SchedulerCatalog.NamesOf(Name, Flags);

    public override string ToString() => Flags == SchedulerFlags.None ? Name : $"{Name} ({string.Join(',', FlagNames)})";
}

/// <summary>The schedulers the kernel ships and the flags each accepts (net/netfilter/ipvs/ip_vs_*.c, ipvsadm -b).</summary>
public static class SchedulerCatalog
{
    /// <summary>Every scheduler name, in the order the kernel documents them.</summary>
    public static readonly IReadOnlyList<string> Names =
        ["rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf", "mh", "twos"];

    /// <summary>keepalived's and ipvsadm's default scheduler.</summary>
    public const string Default = "wlc";

    // Only sh and mh read the flags; ipvsadm names SCHED1/SCHED2 after what they mean there.
    private static readonly Dictionary<string, (string Name, SchedulerFlags Flag)[]> FlagsByScheduler = new()
    {
        ["sh"] = [("sh-fallback", SchedulerFlags.Sched1), ("sh-port", SchedulerFlags.Sched2)],
        ["mh"] = [("mh-fallback", SchedulerFlags.Sched1), ("mh-port", SchedulerFlags.Sched2)],
    };

    /// <summary>True when the kernel has a scheduler of this name.</summary>
    public static bool IsKnown(string name) => Names.Contains(name);

    /// <summary>The flag names this scheduler accepts (empty for most).</summary>
    public static IReadOnlyList<string> FlagNamesFor(string scheduler) =>
        FlagsByScheduler.TryGetValue(scheduler, out var flags) ? flags.Select(f => f.Name).ToArray() : [];

    /// <summary>Every flag name any scheduler accepts.</summary>
    public static IEnumerable<string> AllFlagNames => FlagsByScheduler.Values.SelectMany(f => f).Select(f => f.Name);

    /// <summary>The bit of <paramref name="flag"/> for <paramref name="scheduler"/>, or null when it does not belong to it.</summary>
    public static SchedulerFlags? FlagFor(string scheduler, string flag) =>
        FlagsByScheduler.TryGetValue(scheduler, out var flags) && flags.FirstOrDefault(f => f.Name == flag) is { Name: not null } hit
            ? hit.Flag
            : null;

    /// <summary>The names of the set bits for this scheduler; bits it does not name are written flag-N as ipvsadm does.</summary>
    public static IReadOnlyList<string> NamesOf(string scheduler, SchedulerFlags bits)
    {
        var names = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var bit = (SchedulerFlags)(1 << i);
            if (!bits.HasFlag(bit))
            {
                continue;
            }
            var named = FlagsByScheduler.TryGetValue(scheduler, out var flags) ? flags.FirstOrDefault(f => f.Flag == bit).Name : null;
            names.Add(named ?? $"flag-{i + 1}");
        }
        return names;
    }
}
