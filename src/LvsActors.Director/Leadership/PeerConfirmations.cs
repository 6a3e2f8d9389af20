using Akka.Actor;

namespace LvsActors.Director.Leadership;

/// <summary>
/// When each peer last confirmed this director in good standing: the send time, on our own monotonic clock, of the
/// newest ping it answered so. <see cref="MajorityLease"/> counts a director's standing from these; the active-standby
/// and the active-active holder keep them alike.
/// </summary>
internal sealed class PeerConfirmations
{
    private readonly Dictionary<Address, TimeSpan> _sent = [];

    public IEnumerable<TimeSpan> Values => _sent.Values;

    /// <summary>Records a confirmation for a ping sent at <paramref name="sent"/>; an older one than known changes nothing.</summary>
    public void Confirm(Address from, TimeSpan sent)
    {
        if (!_sent.TryGetValue(from, out var known) || known < sent)
        {
            _sent[from] = sent;
        }
    }

    /// <summary>
    /// Forgets members no longer among <paramref name="voters"/>. A member just seen Up counts as confirming
    /// <paramref name="now"/>: it cannot down us before its own failure detector and stable-after have run, which is
    /// exactly the bound a real confirmation gives. Without this, every join would cost the standing until the
    /// newcomer's first answer.
    /// </summary>
    public void Align(IReadOnlySet<Address> voters, Address self, TimeSpan now)
    {
        foreach (var gone in _sent.Keys.Where(a => !voters.Contains(a)).ToList())
        {
            _sent.Remove(gone);
        }
        foreach (var joined in voters.Where(a => a != self && !_sent.ContainsKey(a)))
        {
            _sent[joined] = now;
        }
    }
}
