namespace LvsActors.Keepalived;

/// <summary>A file that cannot be read as configuration: missing, unreadable, not a regular file, or too large.</summary>
public sealed class KeepalivedFileException(string path, string reason, bool missing = false) : Exception($"{path}: {reason}")
{
    /// <summary>The file as it was named.</summary>
    public string Path { get; } = path;

    /// <summary>What is wrong with it.</summary>
    public string Reason { get; } = reason;

    /// <summary>True when nothing exists at the path.</summary>
    public bool Missing { get; } = missing;
}
