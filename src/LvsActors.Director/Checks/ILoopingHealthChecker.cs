namespace LvsActors.Director.Checks;

/// <summary>
/// A checker that can also repeat its probe in a loop of its own (a probe engine's timers rather than one actor
/// message and timer per probe), telling its owner only the results the owner waits for. The owner still decides
/// everything: after each reported result it says when to probe next and what to wait for.
/// </summary>
public interface ILoopingHealthChecker : IHealthChecker
{
    /// <summary>
    /// A loop probing every <paramref name="interval"/> from the start of the previous probe, each given up after
    /// <paramref name="timeout"/>; it starts with its first <see cref="IProbeLoop.Run"/>. Null where this checker
    /// has no loop of its own (no probe engine on this platform): the owner then times <see cref="IHealthChecker.CheckAsync"/>.
    /// </summary>
    IProbeLoop? StartLoop(TimeSpan interval, TimeSpan timeout, IProbeLoopOwner owner);
}

/// <summary>A checker's probe loop. Its methods may be called from any thread.</summary>
public interface IProbeLoop : IDisposable
{
    /// <summary>Probes after <paramref name="delay"/>, then every interval until the result <paramref name="until"/> names, which is reported.</summary>
    void Run(TimeSpan delay, ProbeUntil until);
}

/// <summary>Which result ends a loop's run and is reported to its owner.</summary>
public enum ProbeUntil
{
    /// <summary>The next one, whatever it is.</summary>
    Next,

    /// <summary>The first failure; successes (which never carry a weight from a looping checker) repeat silently.</summary>
    Failure,

    /// <summary>The first success; failures repeat silently.</summary>
    Success,
}

/// <summary>Hears a probe loop's results, on the loop's thread: must return quickly and not block.</summary>
public interface IProbeLoopOwner
{
    /// <summary>
    /// A probe that took <paramref name="duration"/> found <paramref name="result"/>. When <paramref name="reported"/>
    /// it ended the run and the loop waits for the next <see cref="IProbeLoop.Run"/>.
    /// </summary>
    void Probed(CheckResult result, TimeSpan duration, bool reported);
}
