using System.Diagnostics;

namespace LvsActors.TestSupport;

/// <summary>What one run of the CLI printed and exited with.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr);

/// <summary>
/// Runs the real <c>lvsactors</c> executable (<c>dotnet lvsactors.dll …</c>), as an operator would. A test project that
/// references LvsActors.Cli has lvsactors.dll beside its own assembly. The working folder is the repository root, so
/// that relative paths such as <c>hocon/quickstart.conf</c> work as in the README.
/// </summary>
public static class Lvsactors
{
    /// <summary>How long a one-shot command may take before it is killed: generous, a build machine has two busy cores.</summary>
    public static readonly TimeSpan DefaultTimeLimit = TimeSpan.FromSeconds(60);

    /// <summary>lvsactors.dll in the test's output folder.</summary>
    public static string Assembly { get; } = Path.Combine(AppContext.BaseDirectory, "lvsactors.dll");

    /// <summary>Runs <c>lvsactors ARGS</c> and waits, at most <see cref="DefaultTimeLimit"/>.</summary>
    public static CliResult Invoke(params string[] args) => InvokeAsync(args, DefaultTimeLimit).GetAwaiter().GetResult();

    /// <summary>
    /// Runs <c>lvsactors ARGS</c> with standard input closed and waits; after <paramref name="timeLimit"/> kills the
    /// process tree and throws <see cref="TimeoutException"/> naming the command.
    /// </summary>
    public static Task<CliResult> InvokeAsync(IEnumerable<string> args, TimeSpan timeLimit) => RunAsync(StartInfo(args, environment: null), $"lvsactors {string.Join(' ', args)}", timeLimit);

    /// <summary>Runs another build of the CLI, the executable <paramref name="program"/> (lvsactors-native), as <see cref="InvokeAsync"/> runs lvsactors.</summary>
    public static Task<CliResult> InvokeProgramAsync(string program, IEnumerable<string> args, TimeSpan timeLimit) =>
        RunAsync(Redirected(program, args), $"{program} {string.Join(' ', args)}", timeLimit);

    /// <summary>Runs <paramref name="start"/> with standard input closed; after <paramref name="timeLimit"/> kills it and throws <see cref="TimeoutException"/> naming <paramref name="what"/>.</summary>
    internal static async Task<CliResult> RunAsync(ProcessStartInfo start, string what, TimeSpan timeLimit)
    {
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
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
            throw new TimeoutException($"{what} did not exit within {timeLimit}");
        }
        return new CliResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    /// <summary>The <c>dotnet lvsactors.dll ARGS</c> start, all three streams redirected, in the repository root.</summary>
    internal static ProcessStartInfo StartInfo(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment)
    {
        if (!File.Exists(Assembly))
        {
            throw new FileNotFoundException("lvsactors.dll is not in the test's output folder: the test project must reference LvsActors.Cli", Assembly);
        }
        var start = Redirected("dotnet", [Assembly, .. args]);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        return start;
    }

    internal static ProcessStartInfo Redirected(string program, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot.Path,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        return start;
    }
}
