namespace LvsActors.Files;

/// <summary>What <see cref="RegularFile.Read"/> found: the file's text, or why it was refused.</summary>
internal abstract record RegularFileResult
{
    private RegularFileResult()
    {
    }

    /// <summary>The file, read whole: its text (UTF-8, a byte order mark dropped) and what identifies it on disk.</summary>
    /// <param name="Identity">Device and inode; null off Linux, where the reader cannot ask for them.</param>
    public sealed record Content(string Text, FileIdentity? Identity) : RegularFileResult;

    /// <summary>Nothing exists at the path (ENOENT), or a directory on the way is a file (ENOTDIR).</summary>
    public sealed record Missing : RegularFileResult
    {
        /// <summary>The one instance.</summary>
        public static readonly Missing Instance = new();
    }

    /// <summary>Something exists there, but not a regular file: it was not read (and, if the path said so, not opened).</summary>
    public sealed record NotRegular(FileKind Kind) : RegularFileResult;

    /// <summary>The operating system refused it; <paramref name="Reason"/> is its message ("Permission denied").</summary>
    /// <param name="Step">Whether opening it (finding it, included) or reading it failed.</param>
    public sealed record Unreadable(FileStep Step, string Reason) : RegularFileResult;

    /// <summary>It holds more than <paramref name="MaxBytes"/> bytes; at most one byte more was read.</summary>
    public sealed record TooLarge(long MaxBytes) : RegularFileResult;
}

/// <summary>Where reading a file failed.</summary>
internal enum FileStep
{
    /// <summary>Finding or opening it.</summary>
    Open,

    /// <summary>Reading it once open.</summary>
    Read,
}

/// <summary>What makes a file the same under two names: its device (major, minor) and inode.</summary>
internal readonly record struct FileIdentity(uint DeviceMajor, uint DeviceMinor, ulong Inode)
{
    /// <summary>"major:minor:inode", as <c>stat -c %t:%T:%i</c> would say it in decimal.</summary>
    public override string ToString() => $"{DeviceMajor}:{DeviceMinor}:{Inode}";
}

/// <summary>The kinds of file statx(2) reports (the S_IFMT bits of st_mode).</summary>
internal enum FileKind
{
    /// <summary>A regular file: the only kind that is read.</summary>
    Regular,

    /// <summary>A directory.</summary>
    Directory,

    /// <summary>A character device such as /dev/zero.</summary>
    CharacterDevice,

    /// <summary>A block device such as a disk.</summary>
    BlockDevice,

    /// <summary>A FIFO (named pipe): opening it for reading would wait for a writer.</summary>
    Fifo,

    /// <summary>A Unix domain socket.</summary>
    Socket,

    /// <summary>A type Linux does not have today.</summary>
    Other,
}

/// <summary>How <see cref="FileKind"/>s are named in messages.</summary>
internal static class FileKinds
{
    /// <summary>The kind with its article, to follow "it is": "a directory", "a FIFO (named pipe)".</summary>
    public static string Describe(this FileKind kind) => kind switch
    {
        FileKind.Regular => "a regular file",
        FileKind.Directory => "a directory",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Fifo => "a FIFO (named pipe)",
        FileKind.Socket => "a socket",
        _ => "a special file",
    };
}
