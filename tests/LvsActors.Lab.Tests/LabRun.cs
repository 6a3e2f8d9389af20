namespace LvsActors.Lab.Tests;

/// <summary>What one lab run produced: the scenario's exit code, the guest console, and its result folder.</summary>
/// <param name="ExitCode">The scenario's exit code; <see cref="TimeLimitExitCode"/> or <see cref="LabFailedExitCode"/> otherwise.</param>
/// <param name="Output">Everything the guest printed on its console, and boot.sh's own messages.</param>
/// <param name="ResultDirectory">The scenario's $LAB_RESULT on the host; lab/ inside it holds boot.sh's records.</param>
/// <param name="Elapsed">Wall time from starting boot.sh to its exit.</param>
public sealed record LabRun(int ExitCode, string Output, string ResultDirectory, TimeSpan Elapsed)
{
    /// <summary>boot.sh's exit code when the time limit killed the guest.</summary>
    public const int TimeLimitExitCode = 124;

    /// <summary>boot.sh's exit code when the lab could not start or the guest ended without a scenario exit code.</summary>
    public const int LabFailedExitCode = 125;

    /// <summary>Whether the scenario exited 0.</summary>
    public bool Succeeded => ExitCode == 0;

    /// <summary>Reads a file the scenario wrote to $LAB_RESULT, by its path relative to that folder.</summary>
    public string ReadFile(string relativePath)
    {
        var path = Path.Combine(ResultDirectory, relativePath);
        return File.Exists(path)
            ? File.ReadAllText(path)
            : throw new FileNotFoundException($"the scenario left no {relativePath} in {ResultDirectory}", path);
    }

    /// <summary>Reads a file the scenario wrote to $LAB_RESULT as trimmed, non-empty lines.</summary>
    public IReadOnlyList<string> ReadLines(string relativePath) =>
        ReadFile(relativePath).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The timings boot.sh recorded (uml_seconds, guest_uptime_at_end), as seconds.</summary>
    public IReadOnlyDictionary<string, double> Timings =>
        File.Exists(Path.Combine(ResultDirectory, "lab", "timings"))
            ? ReadLines("lab/timings")
                .Select(line => line.Split('=', 2))
                .Where(kv => kv.Length == 2 && double.TryParse(kv[1], System.Globalization.CultureInfo.InvariantCulture, out _))
                .ToDictionary(kv => kv[0], kv => double.Parse(kv[1], System.Globalization.CultureInfo.InvariantCulture))
            : new Dictionary<string, double>();

    /// <summary>A message for a failed assertion: exit code, result folder and the console's last lines.</summary>
    public string Describe(int lastLines = 60)
    {
        var lines = Output.Split('\n');
        var tail = string.Join('\n', lines.Skip(Math.Max(0, lines.Length - lastLines)));
        var what = ExitCode switch
        {
            TimeLimitExitCode => "the guest hit its time limit",
            LabFailedExitCode => "the lab failed (see lab/console.log)",
            _ => $"the scenario exited {ExitCode}",
        };
        return $"{what}; results in {ResultDirectory}; after {Elapsed.TotalSeconds:F1} s the console ended with:\n{tail}";
    }
}
