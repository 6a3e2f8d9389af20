namespace LvsActors.Director.Admin.Api;

/// <summary>
/// The admin API's own settings cannot be used (a malformed bind, an empty or unreadable token): the message names
/// the key, and for a token file its file and line. The director refuses to start with it (exit 2), as with any
/// invalid configuration: an API that listens without its tokens would let anyone write, or no one.
/// </summary>
public sealed class AdminApiConfigException(string message, Exception? inner = null) : Exception(message, inner);
