using LvsActors.Configuration.Hocon;

namespace LvsActors.Configuration;

/// <summary>One mistake in a configuration: where it is, which key, and what is wrong and accepted.</summary>
public sealed record ConfigError(SourcePosition? Position, string KeyPath, string Message)
{
    /// <summary><c>file:line: key.path: message</c>, the form compilers use so editors can jump to it.</summary>
    public override string ToString()
    {
        var where = Position is { } p ? $"{p}: " : "";
        var key = KeyPath.Length > 0 ? $"{KeyPath}: " : "";
        return where + key + Message;
    }
}

/// <summary>
/// The outcome of loading a configuration: the model when valid, every error found in one pass, and the parsed
/// document (when it parsed) so that other readers — Akka.NET's settings — see exactly the same text.
/// </summary>
public sealed record ConfigResult<T>(T? Value, IReadOnlyList<ConfigError> Errors, HoconObject? Document = null) where T : class
{
    /// <summary>True when there were no errors.</summary>
    public bool IsValid => Errors.Count == 0 && Value is not null;
}
