namespace LvsActors.Director.DataPlanes.Userspace;

/// <summary>
/// A proxied TCP connection or UDP flow as the <see cref="ConnectionTable"/> sees it: something that times out and
/// can be aborted.
/// </summary>
internal abstract class TrackedConnection
{
    internal TrackedConnection? Previous;
    internal TrackedConnection? Next;
    internal bool Listed;

    /// <summary>Last time data moved, in <see cref="Environment.TickCount64"/> milliseconds; written by the relay
    /// without a lock (a torn or stale read only delays a timeout by one sweep).</summary>
    public long LastActivity = Environment.TickCount64;

    /// <summary>True when a timeout has passed; called under the table's lock, so it only reads.</summary>
    public abstract bool IsExpired(long now);

    /// <summary>Acts on the timeout found by <see cref="IsExpired"/>; called outside the lock.</summary>
    public abstract void Expire();

    /// <summary>Ends the connection at once (reset), e.g. when the data plane is disposed.</summary>
    public abstract void Abort();
}

/// <summary>
/// The open connections (or flows) of the data plane: an intrusive list, so adding and removing allocate nothing,
/// bounded by <see cref="UserspaceOptions.MaxConnections"/>. Its count is what specs read to prove nothing leaked.
/// </summary>
internal sealed class ConnectionTable(int limit)
{
    private readonly Lock _lock = new();
    private TrackedConnection? _head;
    private int _count;

    public int Count => Volatile.Read(ref _count);

    /// <summary>Lists <paramref name="connection"/>; false when the table is full.</summary>
    public bool TryAdd(TrackedConnection connection)
    {
        lock (_lock)
        {
            if (_count >= limit)
                return false;
            connection.Next = _head;
            if (_head is not null)
                _head.Previous = connection;
            _head = connection;
            connection.Listed = true;
            _count++;
            return true;
        }
    }

    /// <summary>Unlists <paramref name="connection"/>; safe to call more than once.</summary>
    public void Remove(TrackedConnection connection)
    {
        lock (_lock)
        {
            if (!connection.Listed)
                return;
            if (connection.Previous is not null)
                connection.Previous.Next = connection.Next;
            else
                _head = connection.Next;
            if (connection.Next is not null)
                connection.Next.Previous = connection.Previous;
            connection.Previous = null;
            connection.Next = null;
            connection.Listed = false;
            _count--;
        }
    }

    /// <summary>Adds the connections whose timeout passed (or all, with <paramref name="all"/>) to <paramref name="into"/>.</summary>
    public void Collect(long now, bool all, List<TrackedConnection> into)
    {
        lock (_lock)
        {
            for (var c = _head; c is not null; c = c.Next)
            {
                if (all || c.IsExpired(now))
                    into.Add(c);
            }
        }
    }
}
