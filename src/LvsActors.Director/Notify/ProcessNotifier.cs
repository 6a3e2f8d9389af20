using LvsActors.Director.Programs;
using LvsActors.Model;
using Serilog;

namespace LvsActors.Director.Notify;

/// <summary>Runs notify programs through <see cref="ExternalProgram"/>, killing any that outlive the timeout.</summary>
public sealed class ProcessNotifier(TimeSpan timeout, ILogger log) : INotifier
{
    public void Run(NotifyCommand command, IReadOnlyDictionary<string, string> environment) =>
        _ = RunAsync(command, new ProgramStart(command) { Environment = environment });

    private async Task RunAsync(NotifyCommand command, ProgramStart start)
    {
        switch (await ExternalProgram.RunAsync(start, timeout).ConfigureAwait(false))
        {
            case ProgramExited { ExitCode: not 0 } exited:
                log.Warning("Notify program {Command} exited with {ExitCode}", command.ToString(), exited.ExitCode);
                break;
            case ProgramTimedOut:
                log.Warning("Notify program {Command} was still running after {Timeout} and was killed", command.ToString(), timeout);
                break;
            case ProgramNotStarted notStarted:
                log.Error("Notify program {Command} could not run: {Reason}", command.ToString(), notStarted.Reason);
                break;
        }
    }
}
