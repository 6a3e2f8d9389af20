namespace LvsActors.Director.Checks;

/// <summary>
/// One probe of a real server (TCP connect, HTTP GET, …). Plain code, no actors: the HealthCheckActor around it owns
/// timers, retries and state. Never throws: every failure is a <see cref="CheckResult"/> that says why.
/// </summary>
public interface IHealthChecker
{
    /// <summary>Probes once, giving up after <paramref name="timeout"/>.</summary>
    Task<CheckResult> CheckAsync(TimeSpan timeout, CancellationToken cancellationToken);
}

/// <summary>The outcome of one probe.</summary>
/// <param name="Up">True when the real server answered as expected.</param>
/// <param name="Reason">Why it failed, or what it answered ("connected", "HTTP 200"), for logs and the admin API.</param>
/// <param name="Weight">A weight the check sets (MISC_CHECK misc_dynamic, FILE_CHECK), or null to keep the configured one.</param>
public readonly record struct CheckResult(bool Up, string Reason, int? Weight = null)
{
    public static CheckResult Success(string reason, int? weight = null) => new(true, reason, weight);
    public static CheckResult Failure(string reason) => new(false, reason);
}
