using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

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

/// <summary>
/// Reads configuration only from regular files. .NET cannot tell a FIFO or a device from a file (both are "Normal" and
/// exist), and opening a FIFO blocks until a writer comes, reading /dev/zero never ends: so the type is checked with
/// statx(2) before opening, the file is opened O_NONBLOCK and checked again through its descriptor (it may have been
/// swapped), and at most one byte past the limit is read. The only interop of the importer; Linux only, as LVS is.
/// </summary>
internal static class RegularFile
{
    private const int AtFdCwd = -100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxBasicStats = 0x7ff;
    private const int OReadOnly = 0, ONoCtty = 0x100, ONonBlock = 0x800, OCloExec = 0x80000;

    // struct statx (linux/stat.h) has the same layout on every architecture (256 bytes, fields at these offsets, in
    // the machine's byte order), unlike struct stat: so no layout per architecture is needed.
    private const int StatxSize = 256, ModeOffset = 0x1c, InodeOffset = 0x20, SizeOffset = 0x28, DevMajorOffset = 0x88, DevMinorOffset = 0x8c;

    private const int FileTypeMask = 0xf000;
    private const int Regular = 0x8000, Directory = 0x4000, Fifo = 0x1000, CharDevice = 0x2000, BlockDevice = 0x6000, Socket = 0xc000;
    private const int NoSuchFile = 2;

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int directory, string path, int flags, uint mask, byte[] statx);

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open(string path, int flags);

    /// <summary>Reads <paramref name="path"/> as text, with what identifies it (device and inode) for cycle detection.</summary>
    /// <exception cref="KeepalivedFileException">Anything but a readable regular file of at most <paramref name="maxBytes"/> bytes.</exception>
    public static IncludedFile Read(string path, long maxBytes)
    {
        try
        {
            var before = Stat(AtFdCwd, path, 0, path);
            Check(before, path, maxBytes);
            var descriptor = Open(path, OReadOnly | ONonBlock | ONoCtty | OCloExec);
            if (descriptor < 0)
            {
                throw Failure(path, Marshal.GetLastPInvokeError());
            }
            using var handle = new SafeFileHandle(descriptor, ownsHandle: true);
            var opened = Stat(descriptor, "", AtEmptyPath, path);
            Check(opened, path, maxBytes);
            if (Identity(opened) != Identity(before))
            {
                throw new KeepalivedFileException(path, "changed while it was being opened; try again");
            }
            return new IncludedFile(Text(handle, path, maxBytes), path, Identity(opened));
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            throw new KeepalivedFileException(path, $"cannot check what kind of file it is here ({e.Message}); the importer needs Linux");
        }
    }

    private static byte[] Stat(int directory, string path, int flags, string shown)
    {
        var statx = new byte[StatxSize];
        if (Statx(directory, path, flags, StatxBasicStats, statx) != 0)
        {
            throw Failure(shown, Marshal.GetLastPInvokeError());
        }
        return statx;
    }

    private static void Check(byte[] statx, string path, long maxBytes)
    {
        var kind = MemoryMarshal.Read<ushort>(statx.AsSpan(ModeOffset)) & FileTypeMask;
        var reason = kind switch
        {
            Regular => null,
            Directory => "is a directory; include the files in it with a glob such as DIR/*.conf",
            Fifo => "is a FIFO (named pipe), not a file: it is not opened, so that the import cannot wait on it forever",
            CharDevice or BlockDevice => "is a device, not a file",
            Socket => "is a socket, not a file",
            _ => "is not a regular file",
        };
        if (reason is not null)
        {
            throw new KeepalivedFileException(path, reason);
        }
        var size = MemoryMarshal.Read<long>(statx.AsSpan(SizeOffset));
        if (size > maxBytes)
        {
            throw TooLarge(path, maxBytes);
        }
    }

    /// <summary>The whole file, reading at most one byte past the limit: files in /proc say they hold 0 bytes and may hold more.</summary>
    private static string Text(SafeFileHandle handle, string path, long maxBytes)
    {
        var bytes = new byte[Math.Min(maxBytes + 1, 64 * 1024)];
        var length = 0;
        while (true)
        {
            if (length == bytes.Length)
            {
                if (length > maxBytes)
                {
                    throw TooLarge(path, maxBytes);
                }
                Array.Resize(ref bytes, (int)Math.Min(maxBytes + 1, bytes.Length * 2L));
            }
            int read;
            try
            {
                read = RandomAccess.Read(handle, bytes.AsSpan(length), length);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new KeepalivedFileException(path, $"cannot be read: {e.Message}");
            }
            if (read == 0)
            {
                break;
            }
            length += read;
        }
        using var reader = new StreamReader(new MemoryStream(bytes, 0, length), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    private static string Identity(byte[] statx) =>
        $"{MemoryMarshal.Read<uint>(statx.AsSpan(DevMajorOffset))}:{MemoryMarshal.Read<uint>(statx.AsSpan(DevMinorOffset))}"
        + $":{MemoryMarshal.Read<ulong>(statx.AsSpan(InodeOffset))}";

    private static KeepalivedFileException TooLarge(string path, long maxBytes) =>
        new(path, $"is larger than {maxBytes / 1024 / 1024} MiB, the most a keepalived.conf or included file may be");

    private static KeepalivedFileException Failure(string path, int errno) =>
        new(path, errno == NoSuchFile ? "no such file" : $"cannot be read: {Marshal.GetPInvokeErrorMessage(errno)}", missing: errno == NoSuchFile);
}
