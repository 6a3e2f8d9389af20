using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;

namespace LvsActors.Director.Leadership;

/// <summary>
/// Our downing provider (<c>akka.cluster.downing-provider-class</c>): keep-majority, decided on a sub-second tick
/// (<c>lvs.director.leadership.downing-tick</c>) once the unreachable set has been stable for
/// <c>akka.cluster.split-brain-resolver.stable-after</c>, instead of the stock resolver's fixed 1 s tick. Never auto-downs:
/// nothing is downed before stable-after, which also absorbs the 60–400 ms false suspicions of a CPU-starved host.
/// The majority is counted against at least <c>lvs.fencing.expected-voters</c>, which the director passes in its config.
/// </summary>
public sealed class KeepMajorityDowningProvider : IDowningProvider
{
    private readonly Cluster _cluster;
    private readonly TimeSpan _stableAfter;
    private readonly TimeSpan _margin;
    private readonly TimeSpan _tick;
    private readonly TimeSpan _indirectAfter;
    private readonly int _expectedVoters;

    public KeepMajorityDowningProvider(ActorSystem system, Cluster cluster)
    {
        _cluster = cluster;
        var config = system.Settings.Config;
        _stableAfter = config.GetTimeSpan("akka.cluster.split-brain-resolver.stable-after", TimeSpan.FromSeconds(20));
        var leadership = LeadershipSettings.Create(config);
        (_tick, _indirectAfter) = (leadership.DowningTick, leadership.IndirectAfter);
        var margin = config.GetString("akka.cluster.down-removal-margin", "off");
        _margin = margin is "off" or "" ? _stableAfter : config.GetTimeSpan("akka.cluster.down-removal-margin");
        _expectedVoters = ExpectedVoters(config);
    }

    /// <summary>
    /// <c>lvs.fencing.expected-voters</c>, or the number of <c>akka.cluster.seed-nodes</c> (at least 1): the same rule
    /// the configuration loader applies for the VipHolder's lease, so that the downing and the lease count the same n.
    /// </summary>
    public static int ExpectedVoters(Config config) =>
        Math.Max(1, config.HasPath("lvs.fencing.expected-voters")
            ? config.GetInt("lvs.fencing.expected-voters")
            : config.GetStringList("akka.cluster.seed-nodes", []).Count);

    /// <summary>As the stock resolver: down-removal-margin when set, else stable-after.</summary>
    public TimeSpan DownRemovalMargin => _margin;

    public Props DowningActorProps => KeepMajorityDowning.Props(_cluster, _stableAfter, _indirectAfter, _tick, _expectedVoters);
}
