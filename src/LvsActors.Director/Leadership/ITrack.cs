using LvsActors.Director.Programs;
using LvsActors.Model;

namespace LvsActors.Director.Leadership;

/// <summary>
/// Something this director needs to serve the VIPs (keepalived track_interface, track_script): while any track fails,
/// the director is not eligible and gives up the VIPs.
/// </summary>
public interface ITrack
{
    /// <summary>What is tracked, for logs and status.</summary>
    string Name { get; }

    /// <summary>True when the tracked thing is fine; never throws (a failure to check is a failed check).</summary>
    Task<bool> CheckAsync(CancellationToken cancellationToken);
}

/// <summary>Runs a holder's tracks off its thread: the name of the first that fails within the interval, or null.</summary>
public static class Tracks
{
    public static async Task<string?> FirstFailedAsync(IReadOnlyList<ITrack> tracks, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        foreach (var track in tracks)
        {
            if (!await track.CheckAsync(cts.Token))
            {
                return track.Name;
            }
        }
        return null;
    }
}

/// <summary>An interface must be up (its operstate in /sys/class/net is "up" or "unknown", as for loopback and tunnels).</summary>
public sealed class InterfaceTrack(string interfaceName, string sysfsRoot = "/sys/class/net") : ITrack
{
    public string Name => "interface " + interfaceName;

    public async Task<bool> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            var state = (await File.ReadAllTextAsync(Path.Combine(sysfsRoot, interfaceName, "operstate"), cancellationToken)).Trim();
            return state is "up" or "unknown";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}

/// <summary>A program (no shell) must exit 0 within the timeout (keepalived vrrp_script); run by <see cref="ExternalProgram"/>.</summary>
public sealed class ScriptTrack(NotifyCommand command, TimeSpan timeout) : ITrack
{
    public string Name => "script " + command;

    public async Task<bool> CheckAsync(CancellationToken cancellationToken) =>
        await ExternalProgram.RunAsync(new ProgramStart(command), timeout, cancellationToken).ConfigureAwait(false) is ProgramExited { ExitCode: 0 };
}
