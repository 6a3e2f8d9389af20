using System.Globalization;
using LvsActors.Configuration.Hocon;
using static LvsActors.Configuration.HoconPath;

namespace LvsActors.Configuration;

/// <summary>
/// Checks <c>lvs.director.leadership.vip-lifetime</c> and <c>vip-renew-interval</c> (docs/FAILOVER.md): the kernel
/// counts address lifetimes in whole seconds, and a holder must renew well inside the lifetime or the kernel drops
/// a VIP that is still rightly held. Each refusal says which inequality and by how much.
/// </summary>
internal static class VipLifetimeRule
{
    // The Director's reference.conf defaults; a configuration without the keys is checked against these.
    private static readonly TimeSpan DefaultLifetime = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan DefaultRenewal = TimeSpan.FromMilliseconds(500);

    public static void Check(HoconObject root, List<ConfigError> errors)
    {
        var leadership = Node(root, "lvs", "director", "leadership") as HoconObject;
        var lifetimeAt = Scalar(leadership, "vip-lifetime");
        var renewalAt = Scalar(leadership, "vip-renew-interval");
        var lifetime = Read(lifetimeAt) ?? DefaultLifetime;
        var renewal = Read(renewalAt) ?? DefaultRenewal;
        if (lifetime < TimeSpan.FromSeconds(1))
        {
            errors.Add(new ConfigError(lifetimeAt?.Position ?? root.Position, "lvs.director.leadership.vip-lifetime",
                $"{lifetimeAt?.Text ?? Show(lifetime)} is below 1s: the kernel counts address lifetimes (valid_lft) in whole seconds; write 1s or more"));
            return;
        }
        var latest = renewal + TimerSlack;
        if (latest >= lifetime)
        {
            errors.Add(new ConfigError(renewalAt?.Position ?? lifetimeAt?.Position ?? root.Position, "lvs.director.leadership.vip-renew-interval",
                $"{Show(renewal)} + {Show(TimerSlack)} for late timers must stay below vip-lifetime ({Show(lifetime)}), or the kernel drops "
                + $"the VIP between two renewals of a holder that still holds it: over by {Show(latest - lifetime)}; shorten vip-renew-interval or raise vip-lifetime"));
        }
    }

    // Room for a renewal timer that fires late on a loaded host (CPU starvation delayed timers by 60–400 ms here).
    private static readonly TimeSpan TimerSlack = TimeSpan.FromMilliseconds(200);

    /// <summary>A duration as Akka.NET reads it (a bare number is milliseconds); null when absent or not a duration (AkkaDurationRule reports that).</summary>
    private static TimeSpan? Read(HoconScalar? value)
    {
        if (value is null)
        {
            return null;
        }
        var text = value.Text.Replace(" ", "", StringComparison.Ordinal);
        var bare = double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _);
        return DurationText.Parse(bare ? text + "ms" : text);
    }

    private static string Show(TimeSpan t) => DurationText.Format(t);
}
