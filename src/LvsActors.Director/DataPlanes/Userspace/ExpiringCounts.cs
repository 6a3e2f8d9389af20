namespace LvsActors.Director.DataPlanes.Userspace;

/// <summary>
/// Counts that fall due at given times, oldest first, with counts due at the same (sweep-rounded) time merged: the
/// inactive connections of one real server cost one slot per sweep interval, not one per connection, however many
/// connections per second close. Not thread-safe: the service's lock guards it.
/// </summary>
internal sealed class ExpiringCounts
{
    private long[] _due = new long[4];
    private int[] _counts = new int[4];
    private int _head;
    private int _length;

    /// <summary>The sum of all counts not yet taken.</summary>
    public int Total { get; private set; }

    public void Add(long due)
    {
        Total++;
        if (_length > 0)
        {
            var last = (_head + _length - 1) % _due.Length;
            if (_due[last] == due)
            {
                _counts[last]++;
                return;
            }
        }
        if (_length == _due.Length)
            Grow();
        var slot = (_head + _length) % _due.Length;
        _due[slot] = due;
        _counts[slot] = 1;
        _length++;
    }

    /// <summary>Removes and returns the counts due at or before <paramref name="now"/>.</summary>
    public int TakeDue(long now)
    {
        var taken = 0;
        while (_length > 0 && _due[_head] <= now)
        {
            taken += _counts[_head];
            _head = (_head + 1) % _due.Length;
            _length--;
        }
        Total -= taken;
        return taken;
    }

    private void Grow()
    {
        var due = new long[_due.Length * 2];
        var counts = new int[_due.Length * 2];
        for (var i = 0; i < _length; i++)
        {
            due[i] = _due[(_head + i) % _due.Length];
            counts[i] = _counts[(_head + i) % _due.Length];
        }
        _due = due;
        _counts = counts;
        _head = 0;
    }
}
