using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using LvsActors.Linux.Interop;

namespace LvsActors.Director.Programs;

/// <summary>
/// The one way the director runs an operator's program: on the thread pool, never on an actor's thread (fork and
/// exec can stall); without a shell; with standard input closed, so that a script never waits on ours; and with one
/// timeout and kill policy — past the timeout, or on cancellation, the program's whole process tree is killed.
/// </summary>
/// <remarks>
/// keepalived signals the script's process group; .NET cannot make the child a group leader, so the tree of its
/// descendants is killed instead. A descendant that daemonized (left the tree) survives, as it would a group kill
/// after setsid.
/// </remarks>
public static class ExternalProgram
{
    /// <summary>How much of the program's output is kept to explain a failure.</summary>
    private const int KeptOutput = 200;

    /// <summary>
    /// How long output is awaited after the program exited: a child it left running in the background may hold the
    /// pipe open, and must not hold the verdict.
    /// </summary>
    private static readonly TimeSpan OutputGrace = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a killed tree is given to be reaped before the outcome is reported.</summary>
    private static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(2);

    /// <summary>Runs <paramref name="start"/> and waits at most <paramref name="timeout"/>; never throws.</summary>
    public static Task<ProgramOutcome> RunAsync(ProgramStart start, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        Task.Run(() => RunOnPoolAsync(start, timeout, cancellationToken), CancellationToken.None);

    private static async Task<ProgramOutcome> RunOnPoolAsync(ProgramStart start, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Process process;
        try
        {
            // As a normal process, whatever the director's own priority (lvs.director.nice, realtime-priority).
            process = ProcessPriority.ForkNormal(() => Process.Start(StartInfo(start))) ?? throw new InvalidOperationException("no process was started");
        }
        catch (Exception e)
        {
            // Win32Exception's own message repeats the program and our working directory; strerror says enough.
            return new ProgramNotStarted(e is Win32Exception native ? new Win32Exception(native.NativeErrorCode).Message : e.Message);
        }
        using (process)
        {
            try
            {
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // It exited already and took the pipe with it.
            }
            // Captured output must be drained or the program blocks on a full pipe.
            var errors = start.ExplainFailures ? ReadFirstLineAsync(process.StandardError) : null;
            var output = start.ExplainFailures ? ReadFirstLineAsync(process.StandardOutput) : null;
            using var deadline = Deadline.Start(timeout, cancellationToken);
            try
            {
                await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await KillTreeAsync(process).ConfigureAwait(false);
                return cancellationToken.IsCancellationRequested ? new ProgramCancelled() : new ProgramTimedOut(timeout);
            }
            var said = process.ExitCode != 0 && errors is not null && output is not null
                ? await SettledAsync(errors).ConfigureAwait(false) ?? await SettledAsync(output).ConfigureAwait(false)
                : null;
            return new ProgramExited(process.ExitCode, said);
        }
    }

    private static ProcessStartInfo StartInfo(ProgramStart start)
    {
        var info = new ProcessStartInfo(start.Command.Program)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = start.ExplainFailures,
            RedirectStandardError = start.ExplainFailures,
        };
        foreach (var argument in start.Command.Arguments.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in start.Environment)
        {
            info.Environment[name] = value;
        }
        if (start.WorkingDirectory is not null)
        {
            info.WorkingDirectory = start.WorkingDirectory;
        }
        if (start.User is not null)
        {
            // On Linux .NET switches the child to the user's uid, primary gid and supplementary groups before exec.
            info.UserName = start.User;
        }
        return info;
    }

    private static async Task KillTreeAsync(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            using var grace = new CancellationTokenSource(KillGrace);
            await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception or OperationCanceledException)
        {
            // It exited between the timeout and the kill, or is still being reaped: nothing more to do.
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
