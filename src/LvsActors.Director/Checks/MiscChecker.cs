using LvsActors.Configuration;
using LvsActors.Director.Programs;
using LvsActors.Model;

namespace LvsActors.Director.Checks;

/// <summary>
/// MISC_CHECK: runs a program, without a shell, and judges its exit code as keepalived's check_misc.c does: 0 is up
/// with the configured weight; with misc_dynamic, 2–255 is up with weight = code − 2; anything else is down (without
/// misc_dynamic, every non-zero code is down). The program gets misc_timeout, not connect_timeout (keepalived's
/// MISC_CHECK has no connect options): on timeout its whole process tree is killed and the check is down.
/// A program killed by a signal from elsewhere (the OOM killer) is reported by .NET as exit 128 + signal, so with
/// misc_dynamic it would count as up with weight 126 + signal, where keepalived counts it as failed. The program runs
/// through <see cref="ExternalProgram"/>, as notify and track scripts do.
/// </summary>
public sealed class MiscChecker : IHealthChecker
{
    private readonly MiscCheckSpec _spec;

    /// <summary>Runs <paramref name="spec"/>'s command.</summary>
    public MiscChecker(MiscCheckSpec spec) => _spec = spec;

    /// <summary>Runs the program once; <paramref name="timeout"/> is not used, the specification's misc timeout is.</summary>
    public async Task<CheckResult> CheckAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var program = _spec.Command.Program;
        // A daemon's working directory is /, as keepalived's; the program must not depend on where we were started.
        var start = new ProgramStart(_spec.Command) { User = _spec.User, WorkingDirectory = "/", ExplainFailures = true };
        return await ExternalProgram.RunAsync(start, _spec.Timeout, cancellationToken).ConfigureAwait(false) switch
        {
            ProgramExited exited => Judge(exited.ExitCode, exited.Said),
            ProgramTimedOut => CheckResult.Failure($"{program} timed out after {DurationText.Format(_spec.Timeout)} and was killed"),
            ProgramCancelled => CheckResult.Failure($"{program} cancelled and killed"),
            ProgramNotStarted notStarted => CheckResult.Failure($"cannot run {program}{AsUser}: {notStarted.Reason}{Hint}"),
            var other => throw new InvalidOperationException($"unexpected outcome {other}"),
        };
    }

    private string AsUser => _spec.User is null ? "" : $" as user {_spec.User}";

    private string Hint => _spec.User is not null && Environment.UserName != "root" ? " (running as another user needs root)" : "";

    private CheckResult Judge(int exitCode, string? said)
    {
        var program = _spec.Command.Program;
        if (exitCode == 0)
        {
            return CheckResult.Success($"{program} exited 0");
        }
        if (_spec.Dynamic && exitCode is >= 2 and <= 255)
        {
            return CheckResult.Success($"{program} exited {exitCode}: weight {exitCode - 2}", exitCode - 2);
        }
        return CheckResult.Failure(said is null ? $"{program} exited {exitCode}" : $"{program} exited {exitCode}: {said}");
    }
}
