namespace LvsActors.Configuration.Hocon;

/// <summary>
/// Thrown by an include resolver when the named file exists but may not be read (a directory, a device, a FIFO, no
/// permission, too large); the parser reports it at the include statement.
/// </summary>
public sealed class HoconIncludeException(string message) : Exception(message);
