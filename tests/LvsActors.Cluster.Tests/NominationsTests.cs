using LvsActors.Director.Leadership;

namespace LvsActors.Cluster.Tests;

/// <summary>
/// A successor's nomination is always newer than every epoch that matters when it takes over: the one the successor
/// has seen (else it ignores the nomination) and the one the holder holds under (else the takeover loses to the holder).
/// </summary>
public sealed class NominationsTests
{
    [Theory]
    [InlineData(11L, 11L, 10L, false)] // newer than both: it stands
    [InlineData(11L, 12L, 10L, true)] // the successor saw a newer grant since: it would ignore this one
    [InlineData(11L, 11L, 12L, true)] // the holder was re-granted since: a takeover under 11 would lose to 12
    [InlineData(11L, null, null, false)] // nothing reported yet: it stands
    public void A_nomination_is_made_again_when_an_epoch_that_matters_outgrew_it(long nomination, long? successorSeen, long? holderEpoch, bool stale) =>
        Assert.Equal(stale, Nominations.Stale(nomination, successorSeen, holderEpoch));
}
