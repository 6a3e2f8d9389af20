namespace LvsActors.Linux.Probes;

/// <summary>
/// What a probe says and reads once connected, for checks above layer 4 (an HTTP GET): the engine sends
/// <see cref="Request"/>, hands over every byte that comes back until the exchange has its answer or the server closes,
/// and may connect again for the next request of the same probe. Called on the engine's thread only, one probe at a
/// time per loop, so an exchange keeps its reading state in fields and reuses them from probe to probe.
/// </summary>
public interface IProbeExchange
{
    /// <summary>A probe starts: forget the previous one and begin with the first request.</summary>
    void Begin();

    /// <summary>The bytes to send on the current connection.</summary>
    ReadOnlySpan<byte> Request { get; }

    /// <summary>More of the answer arrived; true when it is complete and reading stops.</summary>
    bool Received(ReadOnlySpan<byte> data);

    /// <summary>
    /// The current answer ended (complete, or the server closed). True when the probe goes on with another request on
    /// a new connection; false when it is over and <see cref="TcpProbeOutcome.Answered"/> is reported.
    /// </summary>
    bool Answered();

    /// <summary>After an answered probe: whether it passed, which decides whether it ends a run that waits for a success or a failure.</summary>
    bool Passed { get; }
}
