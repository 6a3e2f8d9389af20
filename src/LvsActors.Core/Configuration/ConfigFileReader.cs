using LvsActors.Configuration.Hocon;
using LvsActors.Files;

namespace LvsActors.Configuration;

/// <summary>
/// Reads a configuration file through <see cref="RegularFile"/> (no FIFO waited on, no endless read) and says why it
/// refuses one in the words of HOCON include errors.
/// </summary>
internal static class ConfigFileReader
{
    /// <summary>
    /// The text of <paramref name="path"/>, or null when it does not exist; throws <see cref="HoconIncludeException"/>
    /// when it is not a regular file, may not be read, or is longer than <paramref name="maxBytes"/>.
    /// </summary>
    public static string? Read(string path, long maxBytes)
    {
        if (path.Length == 0 || path.Contains('\0'))
        {
            throw new HoconIncludeException("the file name is empty or holds a NUL character");
        }
        return RegularFile.Read(path, maxBytes) switch
        {
            RegularFileResult.Content content => content.Text,
            RegularFileResult.Missing => null,
            RegularFileResult.NotRegular notRegular => throw new HoconIncludeException($"it is {notRegular.Kind.Describe()}, not a regular file"),
            RegularFileResult.Unreadable { Step: FileStep.Open } unreadable => throw new HoconIncludeException($"cannot open it: {unreadable.Reason}"),
            RegularFileResult.Unreadable unreadable => throw new HoconIncludeException($"cannot read it: {unreadable.Reason}"),
            RegularFileResult.TooLarge => throw new HoconIncludeException(
                $"it is larger than {Show(maxBytes)} (limit {Show(HoconLimits.MaxFileBytes)} a file, {Show(HoconLimits.MaxTotalBytes)} with all includes)"),
            var other => throw new InvalidOperationException($"unexpected {other}"),
        };
    }

    private static string Show(long bytes) => bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? $"{bytes >> 20} MiB" : $"{bytes} bytes";
}
