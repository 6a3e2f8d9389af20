using LvsActors.Model;

namespace LvsActors.Director.Programs;

/// <summary>
/// One run of an operator's program (notify script, track script, MISC_CHECK): the command, never through a shell,
/// and what differs between the kinds of program.
/// </summary>
/// <param name="Command">The program and its configured arguments.</param>
public sealed record ProgramStart(NotifyCommand Command)
{
    /// <summary>Variables added to the director's environment (LVS_EVENT, …).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>The user to run as (MISC_CHECK user); null: the director's own.</summary>
    public string? User { get; init; }

    /// <summary>The working folder; null: the director's own.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>
    /// Keep the first line the program prints (standard error first) to explain a non-zero exit; when false its output
    /// goes where the director's goes.
    /// </summary>
    public bool ExplainFailures { get; init; }
}

/// <summary>How a program run ended.</summary>
public abstract record ProgramOutcome;

/// <summary>The program exited by itself.</summary>
/// <param name="Said">The first line it printed, when <see cref="ProgramStart.ExplainFailures"/> and it exited non-zero.</param>
public sealed record ProgramExited(int ExitCode, string? Said) : ProgramOutcome;

/// <summary>The program outlived its timeout and its process tree was killed.</summary>
public sealed record ProgramTimedOut(TimeSpan Timeout) : ProgramOutcome;

/// <summary>The caller cancelled (the check or the director stopped) and the program's process tree was killed.</summary>
public sealed record ProgramCancelled : ProgramOutcome;

/// <summary>The program could not be started.</summary>
/// <param name="Reason">What the system said (strerror for an exec failure: "No such file or directory").</param>
public sealed record ProgramNotStarted(string Reason) : ProgramOutcome;
