namespace LvsActors.Director;

/// <summary>The cancellation that ends a probe: its timeout, or the caller's cancellation, whichever comes first.</summary>
internal static class Deadline
{
    /// <summary>
    /// A token source cancelled after <paramref name="timeout"/> or with <paramref name="cancellationToken"/>. A timeout
    /// of zero or less has passed already, so the source starts cancelled rather than racing a reply on the loopback.
    /// </summary>
    public static CancellationTokenSource Start(TimeSpan timeout, CancellationToken cancellationToken)
    {
        // Linking registers with the caller's token; a caller that cannot cancel needs only the timer.
        var deadline = cancellationToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken) : new CancellationTokenSource();
        if (timeout <= TimeSpan.Zero)
        {
            deadline.Cancel();
        }
        else
        {
            deadline.CancelAfter(timeout);
        }
        return deadline;
    }
}
