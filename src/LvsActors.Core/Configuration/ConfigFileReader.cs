using System.Runtime.InteropServices;
using System.Text;
using LvsActors.Configuration.Hocon;
using Microsoft.Win32.SafeHandles;

namespace LvsActors.Configuration;

/// <summary>
/// Reads a configuration file, or refuses it with the reason, without ever blocking or reading without end: the file is
/// opened non-blocking (a FIFO would otherwise wait for a writer), its type checked on the open descriptor (so it
/// cannot be swapped between the check and the read), and at most the size limit read (/dev/zero never ends).
/// </summary>
internal static class ConfigFileReader
{
    // <fcntl.h> and <sys/stat.h>: the same values on x86_64 and aarch64 Linux. statx's layout is the same on every
    // architecture, unlike struct stat's.
    private const int O_RDONLY = 0, O_NOCTTY = 0x100, O_NONBLOCK = 0x800, O_CLOEXEC = 0x80000;
    private const int AT_EMPTY_PATH = 0x1000;
    private const uint STATX_TYPE = 0x1, STATX_SIZE = 0x200;
    private const int StatxSize = 256, StatxModeOffset = 28;
    private const int S_IFMT = 0xF000, S_IFREG = 0x8000, S_IFDIR = 0x4000, S_IFCHR = 0x2000, S_IFBLK = 0x6000, S_IFIFO = 0x1000, S_IFSOCK = 0xC000;
    private const int ENOENT = 2, ENOTDIR = 20;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

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
        if (!OperatingSystem.IsLinux())
        {
            return ReadPortable(path, maxBytes);
        }
        var fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno is ENOENT or ENOTDIR ? null : throw new HoconIncludeException($"cannot open it: {Marshal.GetPInvokeErrorMessage(errno)}");
        }
        using var handle = new SafeFileHandle((IntPtr)fd, ownsHandle: true);
        var stat = new byte[StatxSize];
        if (statx(fd, "", AT_EMPTY_PATH, STATX_TYPE | STATX_SIZE, stat) != 0)
        {
            throw new HoconIncludeException($"cannot tell what kind of file it is: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }
        var kind = BitConverter.ToUInt16(stat, StatxModeOffset) & S_IFMT;
        if (kind != S_IFREG)
        {
            throw new HoconIncludeException($"it is {Describe(kind)}, not a regular file");
        }
        return Decode(ReadAtMost(handle, maxBytes), maxBytes);
    }

    private static byte[] ReadAtMost(SafeFileHandle handle, long maxBytes)
    {
        // One byte more than allowed tells a file at the limit from one beyond it; the size from statx may be stale.
        var buffer = new byte[Math.Min(maxBytes + 1, 64 * 1024)];
        using var content = new MemoryStream();
        long offset = 0;
        try
        {
            int read;
            while (offset <= maxBytes && (read = RandomAccess.Read(handle, buffer.AsSpan(0, (int)Math.Min(buffer.Length, maxBytes + 1 - offset)), offset)) > 0)
            {
                content.Write(buffer, 0, read);
                offset += read;
            }
        }
        catch (IOException e)
        {
            throw new HoconIncludeException($"cannot read it: {e.Message}");
        }
        return content.ToArray();
    }

    private static string Decode(byte[] bytes, long maxBytes)
    {
        if (bytes.Length > maxBytes)
        {
            throw new HoconIncludeException($"it is larger than {Show(maxBytes)} (limit {Show(HoconLimits.MaxFileBytes)} a file, {Show(HoconLimits.MaxTotalBytes)} with all includes)");
        }
        var bom = bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        return Utf8.GetString(bytes, bom, bytes.Length - bom);
    }

    // Off Linux (developer machines): no FIFO guard, the other checks stand.
    private static string? ReadPortable(string path, long maxBytes)
    {
        if (Directory.Exists(path))
        {
            throw new HoconIncludeException("it is a directory, not a regular file");
        }
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            using var handle = File.OpenHandle(path);
            return Decode(ReadAtMost(handle, maxBytes), maxBytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HoconIncludeException($"cannot read it: {e.Message}");
        }
    }

    private static string Describe(int kind) => kind switch
    {
        S_IFDIR => "a directory",
        S_IFCHR => "a character device",
        S_IFBLK => "a block device",
        S_IFIFO => "a FIFO (named pipe)",
        S_IFSOCK => "a socket",
        _ => "a special file",
    };

    private static string Show(long bytes) => bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? $"{bytes >> 20} MiB" : $"{bytes} bytes";

    [DllImport("libc", SetLastError = true)]
    private static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);
}
