namespace LvsActors.Linux.Rtnetlink;

/// <summary>
/// A finite lifetime for an interface address, as <c>ip addr add … valid_lft V preferred_lft P</c> sets it (struct
/// ifa_cacheinfo, whole seconds): the kernel deletes the address by itself V seconds after it was added or last
/// renewed, so a VIP outlives the process that holds it by a bounded time. The kernel checks expiry on a timer rounded
/// up to whole seconds, so the address goes between V and V + 1 s after the last renewal.
/// </summary>
public sealed record AddressLifetime
{
    /// <summary>INFINITY_LIFE_TIME (include/net/addrconf.h): a permanent address, which this type exists to avoid.</summary>
    private const uint Infinite = uint.MaxValue;

    /// <param name="validSeconds">valid_lft: 1 to 4294967294 s.</param>
    /// <param name="preferredSeconds">preferred_lft: at most <paramref name="validSeconds"/>.</param>
    public AddressLifetime(uint validSeconds, uint preferredSeconds)
    {
        if (validSeconds is 0 or Infinite)
        {
            throw new ArgumentOutOfRangeException(nameof(validSeconds), validSeconds,
                "An address lifetime (valid_lft) is 1 to 4294967294 s: the kernel refuses 0, and 4294967295 is a permanent address.");
        }
        if (preferredSeconds > validSeconds)
        {
            throw new ArgumentOutOfRangeException(nameof(preferredSeconds), preferredSeconds,
                $"The preferred lifetime (preferred_lft) is at most the valid lifetime ({validSeconds} s); the kernel refuses more.");
        }
        (ValidSeconds, PreferredSeconds) = (validSeconds, preferredSeconds);
    }

    /// <summary>valid_lft: seconds until the kernel deletes the address unless it is renewed.</summary>
    public uint ValidSeconds { get; }

    /// <summary>preferred_lft: seconds until the address is deprecated (not chosen as a source for new connections).</summary>
    public uint PreferredSeconds { get; }

    /// <summary>The shortest lifetime in whole seconds that covers <paramref name="duration"/>, at least 1 s; preferred = valid.</summary>
    public static AddressLifetime AtLeast(TimeSpan duration)
    {
        var seconds = (uint)Math.Clamp(Math.Ceiling(duration.TotalSeconds), 1, Infinite - 1);
        return new AddressLifetime(seconds, seconds);
    }

    /// <summary>"valid_lft 2sec preferred_lft 2sec", as ip addr shows it.</summary>
    public override string ToString() => $"valid_lft {ValidSeconds}sec preferred_lft {PreferredSeconds}sec";
}
