using System.CommandLine;
using LvsActors.Model;

namespace LvsActors.Cli;

/// <summary>Options every subcommand takes.</summary>
internal static class GlobalOptions
{
    public static readonly Option<LogFormat?> LogFormat = new("--log-format")
    {
        Description = "Log lines as text (default) or json (compact Serilog events, one per line)",
        HelpName = "text|json",
        Recursive = true,
        CustomParser = r => ParseEnum<Model.LogFormat>(r.Tokens[0].Value, r),
    };

    public static readonly Option<LogLevel?> LogLevel = new("--log-level")
    {
        HelpName = "level",
        Description = "Least severe level logged: verbose, debug, information, warning, error, fatal (default: the config's lvs.log.level, else information)",
        Recursive = true,
        CustomParser = r => ParseEnum<Model.LogLevel>(r.Tokens[0].Value, r),
    };

    /// <summary>An option taking a duration as configuration writes it (500ms, 30s, 5m).</summary>
    public static Option<TimeSpan?> Duration(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = r =>
        {
            if (Configuration.DurationText.Parse(r.Tokens[0].Value) is { } value)
            {
                return value;
            }
            r.AddError($"'{r.Tokens[0].Value}' is not a duration; write e.g. 500ms, 30s, 5m");
            return null;
        },
    };

    /// <summary>
    /// The command line's format and level over the configured ones; <paramref name="queued"/> for a command that runs
    /// a director (its threads must never wait for the log: <see cref="QueuedLogSink"/>).
    /// </summary>
    public static Serilog.Core.Logger Logger(ParseResult parse, LogSettings? configured = null, bool queued = false)
    {
        var settings = configured ?? LogSettings.Default;
        return Logging.Create(parse.GetValue(LogFormat) ?? settings.Format, parse.GetValue(LogLevel) ?? settings.Level, queued);
    }

    private static T? ParseEnum<T>(string text, System.CommandLine.Parsing.ArgumentResult result) where T : struct, Enum
    {
        if (Enum.TryParse<T>(text, ignoreCase: true, out var value))
        {
            return value;
        }
        result.AddError($"'{text}' is not accepted; use one of: {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}");
        return null;
    }
}
