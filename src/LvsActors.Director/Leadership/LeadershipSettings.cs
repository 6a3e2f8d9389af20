using Akka.Configuration;

namespace LvsActors.Director.Leadership;

/// <summary>Tuning of leadership, from <c>lvs.director.leadership</c> (defaults and reasons in reference.conf).</summary>
public sealed record LeadershipSettings(
    TimeSpan FenceInterval,
    TimeSpan ReportInterval,
    TimeSpan RevokeRetry,
    TimeSpan TrackInterval,
    TimeSpan DowningTick,
    TimeSpan IndirectAfter,
    TimeSpan RejoinDelay,
    TimeSpan VipLifetime,
    TimeSpan VipRenewInterval,
    TimeSpan LeaseMargin,
    TimeSpan StandingTimeout,
    TimeSpan IslandRejoinAfter)
{
    /// <summary>The embedded defaults.</summary>
    public static LeadershipSettings Default { get; } = Create(DirectorSettings.Reference);

    /// <summary>Reads <c>lvs.director.leadership</c>, falling back to the embedded reference.conf.</summary>
    public static LeadershipSettings Create(Config config)
    {
        var c = DirectorSettings.WithReference(config).GetConfig("lvs.director.leadership");
        return new LeadershipSettings(
            c.GetTimeSpan("fence-interval"),
            c.GetTimeSpan("report-interval"),
            c.GetTimeSpan("revoke-retry"),
            c.GetTimeSpan("track-interval"),
            c.GetTimeSpan("downing-tick"),
            c.GetTimeSpan("indirect-after"),
            c.GetTimeSpan("rejoin-delay"),
            c.GetTimeSpan("vip-lifetime"),
            c.GetTimeSpan("vip-renew-interval"),
            c.GetTimeSpan("lease-margin"),
            c.GetTimeSpan("standing-timeout"),
            c.GetTimeSpan("island-rejoin-after"));
    }
}
