using Akka.Actor;
using Akka.Cluster;

namespace LvsActors.Director.Leadership;

/// <summary>
/// Our downing provider (<c>akka.cluster.downing-provider-class</c>): keep-majority, decided on a sub-second tick
/// (<c>lvs.director.leadership.downing-tick</c>) once the unreachable set has been stable for
/// <c>akka.cluster.split-brain-resolver.stable-after</c>, instead of the stock resolver's fixed 1 s tick. Never auto-downs:
/// nothing is downed before stable-after, which also absorbs the 60–400 ms false suspicions of a CPU-starved host.
/// </summary>
public sealed class KeepMajorityDowningProvider : IDowningProvider
{
    private readonly Cluster _cluster;
    private readonly TimeSpan _stableAfter;
    private readonly TimeSpan _margin;
    private readonly TimeSpan _tick;

    public KeepMajorityDowningProvider(ActorSystem system, Cluster cluster)
    {
        _cluster = cluster;
        var config = system.Settings.Config;
        _stableAfter = config.GetTimeSpan("akka.cluster.split-brain-resolver.stable-after", TimeSpan.FromSeconds(20));
        _tick = LeadershipSettings.Create(config).DowningTick;
        var margin = config.GetString("akka.cluster.down-removal-margin", "off");
        _margin = margin is "off" or "" ? _stableAfter : config.GetTimeSpan("akka.cluster.down-removal-margin");
    }

    /// <summary>As the stock resolver: down-removal-margin when set, else stable-after.</summary>
    public TimeSpan DownRemovalMargin => _margin;

    public Props DowningActorProps => KeepMajorityDowning.Props(_cluster, _stableAfter, _tick);
}
