using LvsActors.Model;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace LvsActors.Cli;

/// <summary>
/// Serilog for every command: readable text by default, compact JSON events with <c>--log-format json</c>.
/// Logs go to stderr so that what a command prints on stdout (a table, a rendered config) stays clean for pipes.
/// </summary>
internal static class Logging
{
    public static Logger Create(LogFormat format, LogLevel level)
    {
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Is(ToSerilog(level))
            .Enrich.FromLogContext();
        configuration = format == LogFormat.Json
            ? configuration.WriteTo.Console(new CompactJsonFormatter(), standardErrorFromLevel: LogEventLevel.Verbose)
            : configuration.WriteTo.Console(
                outputTemplate: "{Timestamp:HH:mm:ss.fff} {Level:u3} {Message:lj}{NewLine}{Exception}",
                standardErrorFromLevel: LogEventLevel.Verbose);
        return configuration.CreateLogger();
    }

    public static LogEventLevel ToSerilog(LogLevel level) => level switch
    {
        LogLevel.Verbose => LogEventLevel.Verbose,
        LogLevel.Debug => LogEventLevel.Debug,
        LogLevel.Information => LogEventLevel.Information,
        LogLevel.Warning => LogEventLevel.Warning,
        LogLevel.Error => LogEventLevel.Error,
        _ => LogEventLevel.Fatal,
    };
}
