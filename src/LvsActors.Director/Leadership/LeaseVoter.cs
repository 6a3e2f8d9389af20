namespace LvsActors.Director.Leadership;

/// <summary>
/// The grantor side of the VIP lease, as pure bookkeeping on one voter's monotonic clock: a voter promises one claimant
/// at a time. Having answered a claim at time g it confirms no other claimant before g + the promised span, unless the
/// claimant released it first (after taking the VIPs out of its kernel). A claimant keeps the VIPs only until its own
/// send time of a ping that a majority promised + the lease (shorter than the promise), so two claimants can never both
/// count a majority: two majorities share a voter, and that voter promised only one of them at any moment.
/// A voter that has just started remembers nothing it promised before (a restart, a new incarnation of its actor
/// system), so it promises nothing for the longest span it may have promised: <paramref name="quietFor"/> from its start.
/// </summary>
public sealed class LeaseVoter(TimeSpan startedAt, TimeSpan quietFor)
{
    private readonly TimeSpan _quietUntil = startedAt + quietFor;
    private string? _promisedTo;
    private string? _lastPromised;
    private TimeSpan _promisedUntil;
    private TimeSpan _promisedPing;

    /// <summary>Whom this voter has a running promise to at <paramref name="now"/>; null when it is free.</summary>
    public string? PromisedTo(TimeSpan now) => _promisedTo is not null && now < _promisedUntil ? _promisedTo : null;

    /// <summary>
    /// Promises <paramref name="claimant"/> until <paramref name="now"/> + <paramref name="span"/>, if no other claimant
    /// holds a running promise and the quiet period after start is over; a claimant's renewal never shortens its promise.
    /// <paramref name="pingSentAt"/> is when the claimant sent the ping, on its own clock (see <see cref="Release"/>).
    /// </summary>
    public bool TryPromise(string claimant, TimeSpan now, TimeSpan span, TimeSpan pingSentAt)
    {
        if (now < _quietUntil)
        {
            return false;
        }
        var current = PromisedTo(now);
        if (current is not null && current != claimant)
        {
            return false;
        }
        var until = now + span;
        if (current == claimant)
        {
            (_promisedUntil, _promisedPing) = (Max(_promisedUntil, until), Max(_promisedPing, pingSentAt));
        }
        else
        {
            (_promisedTo, _promisedUntil, _promisedPing) = (claimant, until, pingSentAt);
        }
        _lastPromised = claimant;
        return true;
    }

    /// <summary>
    /// The claimant gave the VIPs up at <paramref name="releasedAt"/> (its clock) and counts no promise for a ping it sent
    /// before: the promise ends now — unless it was renewed by a ping sent after the release, which overtook it on the
    /// way. A release from anyone else changes nothing.
    /// </summary>
    public void Release(string claimant, TimeSpan releasedAt)
    {
        if (_promisedTo == claimant && _promisedPing <= releasedAt)
        {
            _promisedTo = null;
        }
    }

    /// <summary>
    /// How long after <paramref name="now"/> this voter could first promise <paramref name="claimant"/>: the rest of a
    /// running promise to another claimant, or of the quiet period after start; zero when it could now. A hint for when
    /// to ask again, never a promise: a renewal by the other claimant meanwhile moves it on.
    /// </summary>
    public TimeSpan FreeIn(string claimant, TimeSpan now)
    {
        var busy = PromisedTo(now) is { } other && other != claimant ? _promisedUntil - now : TimeSpan.Zero;
        return Max(Max(busy, _quietUntil - now), TimeSpan.Zero);
    }

    /// <summary>
    /// Whether the last promise this voter gave went to a claimant other than <paramref name="claimant"/> and has ended
    /// (ran out or was released): at a director's own voter, the sign that the holder stopped renewing there, which a
    /// nominated successor waits for. A voter that has promised nobody since it started, or whose last promise was the
    /// asker's own, says nothing about the holder: a successor that took its own voter then (its local claim arriving
    /// before the holder's renewal) would take the holder's promise there at every turn.
    /// </summary>
    public bool AnothersPromiseEnded(string claimant, TimeSpan now) =>
        _lastPromised is { } last && last != claimant && PromisedTo(now) is null;

    /// <summary>
    /// Whether a claim this voter cannot promise now is better kept and decided again when it could (the time to wait),
    /// or refused at once (null): kept when the running promise or quiet period ends within <paramref name="window"/>.
    /// A crashed holder's last promise runs out there; deciding the claim at that moment instead of answering "not yet"
    /// saves the claimant a round trip and its timer. Deciding later is a promise given later, never a longer one.
    /// </summary>
    public TimeSpan? WaitBeforeDeciding(string claimant, TimeSpan now, TimeSpan window) =>
        FreeIn(claimant, now) is var wait && wait > TimeSpan.Zero && wait <= window ? wait : null;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
