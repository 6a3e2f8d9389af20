using System.Diagnostics;
using System.Text;

namespace LvsActors.Lab.Tests;

/// <summary>
/// Runs a scenario script inside the User-Mode-Linux kernel lab (deploy/lab/boot.sh) and returns its exit code,
/// the guest console output and the files it left. Installs the lab once per process (deploy/lab/install.sh).
/// </summary>
/// <remarks>
/// The lab needs root and the user-mode-linux package; when either is missing, <see cref="RunAsync"/> throws
/// <see cref="LabUnavailableException"/> saying why, so a lab test fails rather than passing silently.
/// UML is heavy on two cores: run lab tests in the <see cref="LabCollection"/>, one at a time.
/// </remarks>
public sealed class LabRunner
{
    private static readonly Lazy<Task> Installed = new(() => InstallAsync(Locate()));

    /// <summary>
    /// Where each run gets its result folder: $LVSACTORS_LAB_RESULTS, or lvsactors-lab in the temp folder.
    /// Results are kept for reading after a failure; those older than a day are removed when the lab is installed.
    /// </summary>
    public static string ResultsRoot { get; } =
        System.Environment.GetEnvironmentVariable("LVSACTORS_LAB_RESULTS") is { Length: > 0 } root
            ? Path.GetFullPath(root)
            : Path.Combine(Path.GetTempPath(), "lvsactors-lab");

    private LabRunner(string repositoryRoot)
    {
        LabDirectory = Path.Combine(repositoryRoot, "deploy", "lab");
    }

    /// <summary>deploy/lab in the repository checkout.</summary>
    public string LabDirectory { get; }

    /// <summary>The lab of the checkout these tests run from; outside a checkout the lab is unavailable.</summary>
    public static LabRunner Locate()
    {
        try
        {
            return new LabRunner(TestSupport.RepositoryRoot.Path);
        }
        catch (InvalidOperationException e)
        {
            throw new LabUnavailableException(e.Message, e);
        }
    }

    /// <summary>
    /// Boots the guest (and the director guests, when <see cref="LabOptions.DirectorGuests"/> asks for them), runs
    /// <paramref name="scenario"/> in it and waits for the guest to halt.
    /// </summary>
    /// <param name="scenario">A file name in deploy/lab/scenarios ("smoke-nat" or "smoke-nat.sh"), or a path.</param>
    /// <param name="options">Environment for the scenario, guest memory, time limit, a live output sink.</param>
    /// <param name="cancellationToken">Kills the guest when cancelled.</param>
    /// <returns>The scenario's exit code (124: time limit, 125: the lab failed), console output and result folder.</returns>
    /// <exception cref="LabUnavailableException">Not root, no UML kernel, or the install failed.</exception>
    public async Task<LabRun> RunAsync(string scenario, LabOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new LabOptions();
        await EnsureInstalledAsync().ConfigureAwait(false);

        var scenarioPath = ResolveScenario(scenario);
        var resultDirectory = Path.Combine(
            ResultsRoot, $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Path.GetFileNameWithoutExtension(scenarioPath)}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(resultDirectory);
        foreach (var (relativePath, content) in options.Files)
        {
            var path = Path.GetFullPath(Path.Combine(resultDirectory, relativePath));
            if (!path.StartsWith(resultDirectory + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new ArgumentException($"LabOptions.Files: '{relativePath}' is not inside the result folder", nameof(options));
            }
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, content, cancellationToken).ConfigureAwait(false);
        }

        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(LabDirectory, options.DirectorGuests > 0 ? "boot-cluster.sh" : "boot.sh"));
        start.ArgumentList.Add(scenarioPath);
        start.ArgumentList.Add(resultDirectory);
        if (options.DirectorGuests > 0)
        {
            start.ArgumentList.Add("--directors");
            start.ArgumentList.Add(options.DirectorGuests.ToString(System.Globalization.CultureInfo.InvariantCulture));
            start.ArgumentList.Add("--director-mem");
            start.ArgumentList.Add(options.DirectorMemory);
        }
        start.ArgumentList.Add("--mem");
        start.ArgumentList.Add(options.Memory);
        start.ArgumentList.Add("--timeout");
        start.ArgumentList.Add(((int)Math.Ceiling(options.TimeLimit.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var (key, value) in options.Environment)
        {
            start.ArgumentList.Add("--env");
            start.ArgumentList.Add($"{key}={value}");
        }

        var output = new StringBuilder();
        void Collect(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(line);
            }

            options.Output?.Invoke(line);
        }

        var stopwatch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Collect(e.Data);
        process.ErrorDataReceived += (_, e) => Collect(e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // boot.sh enforces the time limit itself; this is the backstop if the script itself wedges.
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(options.TimeLimit + TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            Collect($"lab runner: boot.sh outlived its time limit of {options.TimeLimit}; killed");
            return new LabRun(LabRun.TimeLimitExitCode, output.ToString(), resultDirectory, stopwatch.Elapsed);
        }

        // WaitForExit() without a timeout also drains the asynchronous output readers.
        process.WaitForExit();
        lock (output)
        {
            return new LabRun(process.ExitCode, output.ToString(), resultDirectory, stopwatch.Elapsed);
        }
    }

    private string ResolveScenario(string scenario)
    {
        if (scenario.Contains('/', StringComparison.Ordinal))
        {
            return Path.GetFullPath(scenario);
        }

        var name = scenario.EndsWith(".sh", StringComparison.Ordinal) ? scenario : scenario + ".sh";
        var path = Path.Combine(LabDirectory, "scenarios", name);
        return File.Exists(path)
            ? path
            : throw new ArgumentException($"no scenario '{scenario}' in {Path.Combine(LabDirectory, "scenarios")}", nameof(scenario));
    }

    private static async Task EnsureInstalledAsync()
    {
        try
        {
            await Installed.Value.ConfigureAwait(false);
        }
        catch (LabUnavailableException)
        {
            throw;
        }
        catch (Exception e)
        {
            throw new LabUnavailableException($"the lab install failed: {e.Message}", e);
        }
    }

    private static async Task InstallAsync(LabRunner runner)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new LabUnavailableException("the kernel lab needs Linux (User-Mode-Linux runs as a Linux process)");
        }

        if (!Environment.IsPrivilegedProcess)
        {
            throw new LabUnavailableException(
                "the kernel lab needs root: it installs user-mode-linux and links its modules into /lib/modules");
        }

        RemoveOldResults();
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(runner.LabDirectory, "install.sh"));
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(start)
            ?? throw new LabUnavailableException("could not start bash for deploy/lab/install.sh");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new LabUnavailableException("deploy/lab/install.sh did not finish within 10 minutes");
        }

        if (process.ExitCode != 0)
        {
            throw new LabUnavailableException(
                $"deploy/lab/install.sh exited {process.ExitCode}:{Environment.NewLine}{await stderr.ConfigureAwait(false)}{await stdout.ConfigureAwait(false)}");
        }

        if (!File.Exists("/usr/bin/linux.uml") && !File.Exists("/usr/bin/linux"))
        {
            throw new LabUnavailableException(
                "deploy/lab/install.sh succeeded but there is no /usr/bin/linux.uml: is the user-mode-linux package broken?");
        }
    }

    private static void RemoveOldResults()
    {
        if (!Directory.Exists(ResultsRoot))
        {
            return;
        }

        foreach (var dir in new DirectoryInfo(ResultsRoot).EnumerateDirectories())
        {
            if (dir.LastWriteTimeUtc < DateTime.UtcNow - TimeSpan.FromDays(1))
            {
                dir.Delete(recursive: true);
            }
        }
    }
}
