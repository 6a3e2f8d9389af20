using System.Diagnostics;
using System.Globalization;

namespace LvsActors.Lab.Tests;

/// <summary>
/// The host's CPU taken by stress-ng hogs for as long as a scenario runs, when $LVSACTORS_LAB_HOST_LOAD names how many
/// (issue 17: the failover lab must pass on a loaded host too; the test command runs it on an idle one). The hogs run
/// at the host's default priority, beside the guests, and end with the scenario or after an hour at the latest.
/// </summary>
internal sealed class HostLoad : IDisposable
{
    private const string Variable = "LVSACTORS_LAB_HOST_LOAD";
    private readonly Process? _hogs;

    private HostLoad(Process? hogs) => _hogs = hogs;

    /// <summary>How many hogs run (0: none were asked for).</summary>
    public int Hogs { get; private init; }

    public static HostLoad Start()
    {
        var asked = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(asked))
        {
            return new HostLoad(null);
        }
        if (!int.TryParse(asked, NumberStyles.None, CultureInfo.InvariantCulture, out var hogs) || hogs is < 1 or > 64)
        {
            throw new ArgumentException($"{Variable}={asked}: expected the number of stress-ng CPU hogs, 1 to 64");
        }
        var start = new ProcessStartInfo("stress-ng") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--cpu", hogs.ToString(CultureInfo.InvariantCulture), "--timeout", "3600", "--quiet" })
        {
            start.ArgumentList.Add(arg);
        }
        try
        {
            return new HostLoad(Process.Start(start)) { Hogs = hogs };
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new LabUnavailableException($"{Variable}={asked} needs stress-ng on the host (deploy/lab/install.sh installs it): {e.Message}");
        }
    }

    public void Dispose()
    {
        if (_hogs is null)
        {
            return;
        }
        if (!_hogs.HasExited)
        {
            _hogs.Kill(entireProcessTree: true);
            _hogs.WaitForExit();
        }
        _hogs.Dispose();
    }
}
