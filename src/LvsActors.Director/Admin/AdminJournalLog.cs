using Serilog;
using Serilog.Events;

namespace LvsActors.Director.Admin;

/// <summary>
/// One log line per journal attempt instead of the plugin's own. Akka.Persistence.Sql restarts its journal and
/// snapshot store about once a second while the database fails, and each restart logs three to five errors with
/// their stack traces (about 120 lines a second); <see cref="AdminStateHost"/> instead logs each attempt once, with
/// the plugin's reason (which it reads from the event stream). At debug level the plugin's own errors stay.
/// </summary>
public static class AdminJournalLog
{
    /// <summary>True for a log source inside a persistence plugin: its actor, its restarts, its streams.</summary>
    public static bool IsPlugin(string? logSource) =>
        logSource is not null
        && (logSource.Contains("/system/akka.persistence.journal.", StringComparison.Ordinal)
            || logSource.Contains("/system/akka.persistence.snapshot-store.", StringComparison.Ordinal));

    /// <summary>
    /// The reason of a journal failure in one line: the messages of the exception and its causes, without the
    /// plugin's own wrappers ("Failed to initialize SQL Journal."), e.g. "Failed to connect to 127.0.0.1:5432: Connection refused".
    /// </summary>
    public static string Reason(Exception e)
    {
        var messages = new List<string>();
        for (Exception? cause = e; cause is not null; cause = cause.InnerException)
        {
            if (cause is not ApplicationException && !messages.Contains(cause.Message))
            {
                messages.Add(cause.Message.TrimEnd('.'));
            }
        }
        return messages.Count > 0 ? string.Join(": ", messages) : e.Message;
    }

    /// <summary>
    /// Drops the persistence plugins' errors (and dead letters) from <see cref="Log.Logger"/>, the logger Akka.Logger.Serilog writes to,
    /// unless <paramref name="debug"/>; disposing puts the previous logger back.
    /// </summary>
    public static IDisposable Quieten(bool debug)
    {
        if (debug)
        {
            return new Restore(null, null);
        }
        var previous = Log.Logger;
        var quiet = new LoggerConfiguration()
            .MinimumLevel.Verbose()
            .Filter.ByExcluding(IsPluginNoise)
            .WriteTo.Logger(previous)
            .CreateLogger();
        Log.Logger = quiet;
        return new Restore(previous, quiet);
    }

    // Its errors, and the dead letters its restarts leave (logged at information with the plugin as their source).
    private static bool IsPluginNoise(LogEvent e) =>
        (e.Level is LogEventLevel.Error or LogEventLevel.Fatal or LogEventLevel.Information) && IsPlugin(SourceOf(e));

    private static string? SourceOf(LogEvent e) =>
        e.Properties.TryGetValue("LogSource", out var value) && value is ScalarValue { Value: string source } ? source : null;

    private sealed class Restore(ILogger? previous, Serilog.Core.Logger? quiet) : IDisposable
    {
        public void Dispose()
        {
            if (previous is not null && ReferenceEquals(Log.Logger, quiet))
            {
                Log.Logger = previous;
            }
            quiet?.Dispose();
        }
    }
}
