using LvsActors.Model;
using Serilog;
using Serilog.Configuration;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace LvsActors.Cli;

/// <summary>
/// Serilog for every command: readable text by default, compact JSON events with <c>--log-format json</c>.
/// Logs go to stderr so that what a command prints on stdout (a table, a rendered config) stays clean for pipes.
/// A command that runs a director queues them (<see cref="QueuedLogSink"/>): its threads never wait for the log.
/// </summary>
internal static class Logging
{
    public static Logger Create(LogFormat format, LogLevel level, bool queued = false)
    {
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Is(ToSerilog(level))
            .Enrich.FromLogContext();
        Func<LoggerSinkConfiguration, LoggerConfiguration> console = format == LogFormat.Json
            ? to => to.Console(new CompactJsonFormatter(), standardErrorFromLevel: LogEventLevel.Verbose)
            : to => to.Console(
                outputTemplate: "{Timestamp:HH:mm:ss.fff} {Level:u3} {Message:lj}{NewLine}{Exception}",
                standardErrorFromLevel: LogEventLevel.Verbose);
        configuration = queued
            ? configuration.WriteTo.Sink(LoggerSinkConfiguration.Wrap(sink => new QueuedLogSink(sink), to => console(to)))
            : console(configuration.WriteTo);
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
