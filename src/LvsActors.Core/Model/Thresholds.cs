namespace LvsActors.Model;

/// <summary>
/// Connection thresholds of a real server (keepalived uthreshold/lthreshold, ipvsadm -x/-y). 0 means no limit.
/// Above <see cref="Upper"/> the kernel marks the server overloaded and schedules no new connections to it until
/// it falls to <see cref="Lower"/> (or to three quarters of the upper threshold when no lower one is set).
/// </summary>
public readonly record struct Thresholds(uint Upper, uint Lower)
{
    /// <summary>No thresholds.</summary>
    public static readonly Thresholds None = new(0, 0);
}
