namespace LvsActors.Configuration.Hocon;

/// <summary>The HOCON text cannot be parsed; the message says what was expected and where.</summary>
public sealed class HoconSyntaxException(SourcePosition position, string message) : Exception($"{position}: {message}")
{
    /// <summary>Where the parser stopped.</summary>
    public SourcePosition Position { get; } = position;

    /// <summary>The message without the position prefix.</summary>
    public string Reason { get; } = message;
}
