using System.Diagnostics;
using LvsActors.Model;
using Serilog;

namespace LvsActors.Director.Notify;

/// <summary>Starts notify programs as child processes, without a shell, and kills any that outlive the timeout.</summary>
public sealed class ProcessNotifier(TimeSpan timeout, ILogger log) : INotifier
{
    public void Run(NotifyCommand command, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(command.Program) { UseShellExecute = false, RedirectStandardInput = false };
        foreach (var argument in command.Arguments.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        _ = RunAsync(command, start);
    }

    private async Task RunAsync(NotifyCommand command, ProcessStartInfo start)
    {
        try
        {
            using var process = Process.Start(start) ?? throw new InvalidOperationException("the process did not start");
            using var cts = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(cts.Token);
                if (process.ExitCode != 0)
                {
                    log.Warning("Notify program {Command} exited with {ExitCode}", command.ToString(), process.ExitCode);
                }
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                log.Warning("Notify program {Command} was still running after {Timeout} and was killed", command.ToString(), timeout);
            }
        }
        catch (Exception e)
        {
            log.Error("Notify program {Command} could not run: {Reason}", command.ToString(), e.Message);
        }
    }
}
