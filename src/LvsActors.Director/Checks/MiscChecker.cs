using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using LvsActors.Model;

namespace LvsActors.Director.Checks;

/// <summary>
/// MISC_CHECK: runs a program, without a shell, and judges its exit code as keepalived's check_misc.c does: 0 is up
/// with the configured weight; with misc_dynamic, 2–255 is up with weight = code − 2; anything else is down (without
/// misc_dynamic, every non-zero code is down). The program gets misc_timeout, not connect_timeout (keepalived's
/// MISC_CHECK has no connect options): on timeout its whole process tree is killed and the check is down.
/// A program killed by a signal from elsewhere (the OOM killer) is reported by .NET as exit 128 + signal, so with
/// misc_dynamic it would count as up with weight 126 + signal, where keepalived counts it as failed.
/// </summary>
public sealed class MiscChecker : IHealthChecker
{
    /// <summary>How much of the program's output is kept to explain a failure.</summary>
    private const int KeptOutput = 200;

    /// <summary>
    /// How long output is awaited after the program exited: a child it left running in the background may hold the
    /// pipe open, and must not hold the verdict.
    /// </summary>
    private static readonly TimeSpan OutputGrace = TimeSpan.FromMilliseconds(500);

    private readonly MiscCheckSpec _spec;

    /// <summary>Runs <paramref name="spec"/>'s command.</summary>
    public MiscChecker(MiscCheckSpec spec) => _spec = spec;

    /// <summary>Runs the program once; <paramref name="timeout"/> is not used, the specification's misc timeout is.</summary>
    public async Task<CheckResult> CheckAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var program = _spec.Command.Program;
        Process process;
        try
        {
            process = Process.Start(StartInfo()) ?? throw new InvalidOperationException("no process was started");
        }
        catch (Exception e)
        {
            var asUser = _spec.User is null ? "" : $" as user {_spec.User}";
            // Win32Exception's own message repeats the program and our working directory; strerror says enough.
            var why = e is Win32Exception native ? new Win32Exception(native.NativeErrorCode).Message : e.Message;
            var hint = _spec.User is not null && Environment.UserName != "root" ? " (running as another user needs root)" : "";
            return CheckResult.Failure($"cannot run {program}{asUser}: {why}{hint}");
        }
        using (process)
        {
            // The script must not wait on our stdin, and its output must be drained or it blocks on a full pipe.
            process.StandardInput.Close();
            var output = ReadFirstLineAsync(process.StandardOutput);
            var errors = ReadFirstLineAsync(process.StandardError);
            using var deadline = Deadline.Start(_spec.Timeout, cancellationToken);
            try
            {
                await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // keepalived signals the script's process group; we kill the tree of its descendants.
                KillTree(process);
                return CheckResult.Failure(cancellationToken.IsCancellationRequested
                    ? $"{program} cancelled and killed"
                    : $"{program} timed out after {CheckFailures.Format(_spec.Timeout)} and was killed");
            }
            if (process.ExitCode == 0 || (_spec.Dynamic && process.ExitCode is >= 2 and <= 255))
            {
                return Judge(process.ExitCode, null);
            }
            return Judge(process.ExitCode, await SettledAsync(errors).ConfigureAwait(false) ?? await SettledAsync(output).ConfigureAwait(false));
        }
    }

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

    private ProcessStartInfo StartInfo()
    {
        var start = new ProcessStartInfo(_spec.Command.Program)
        {
            UseShellExecute = false,
            // A daemon's working directory is /, as keepalived's; the program must not depend on where we were started.
            WorkingDirectory = "/",
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in _spec.Command.Arguments.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }
        if (_spec.User is not null)
        {
            // On Linux .NET switches the child to the user's uid, primary gid and supplementary groups before exec.
            start.UserName = _spec.User;
        }
        return start;
    }

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(TimeSpan.FromSeconds(2));
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception)
        {
            // It exited between the timeout and the kill: nothing is left to kill.
        }
    }

    private static async Task<string?> SettledAsync(Task<string?> reading)
    {
        try
        {
            return await reading.WaitAsync(OutputGrace).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    /// <summary>
    /// The first non-empty line among the first few hundred characters of a stream, cut to <see cref="KeptOutput"/>;
    /// the rest is read and dropped, so that a chatty program neither blocks on a full pipe nor fills our memory.
    /// </summary>
    private static async Task<string?> ReadFirstLineAsync(StreamReader reader)
    {
        var kept = new StringBuilder();
        var buffer = new char[1024];
        try
        {
            int read;
            while ((read = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                kept.Append(buffer, 0, Math.Min(read, Math.Max(0, KeptOutput * 4 - kept.Length)));
            }
        }
        catch (Exception)
        {
            // The pipe went away with a killed process, or the process was disposed after its verdict: what was read
            // is what there is, and a drain must never fault unobserved.
        }
        var line = kept.ToString().Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0);
        return line is null || line.Length <= KeptOutput ? line : line[..KeptOutput];
    }
}
