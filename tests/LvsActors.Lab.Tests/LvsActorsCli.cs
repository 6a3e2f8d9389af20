using System.Diagnostics;

namespace LvsActors.Lab.Tests;

/// <summary>
/// Runs the already-built <c>lvsactors</c> CLI on the host (<c>dotnet lvsactors.dll …</c>): the project reference to
/// LvsActors.Cli puts lvsactors.dll beside this assembly.
/// </summary>
public static class LvsActorsCli
{
    /// <summary>What one run printed and exited with.</summary>
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError);

    /// <summary>lvsactors.dll in the test's output folder.</summary>
    public static string Assembly { get; } = Path.Combine(AppContext.BaseDirectory, "lvsactors.dll");

    /// <summary>Runs <c>dotnet lvsactors.dll ARGS</c> and waits for it; kills it after <paramref name="timeLimit"/>.</summary>
    public static async Task<Result> RunAsync(IEnumerable<string> args, TimeSpan timeLimit)
    {
        if (!File.Exists(Assembly))
        {
            throw new FileNotFoundException("lvsactors.dll is not in the test's output folder: build LvsActors.Lab.Tests", Assembly);
        }

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Assembly);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeLimit);
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', start.ArgumentList)} did not finish within {timeLimit}");
        }

        return new Result(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }
}
