namespace LvsActors.Linux.Bird;

/// <summary>BIRD's control socket could not be reached, broke off, answered garbage or refused a command.</summary>
public sealed class BirdException(string message, Exception? inner = null) : Exception(message, inner);
