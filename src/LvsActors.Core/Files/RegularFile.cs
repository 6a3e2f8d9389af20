using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace LvsActors.Files;

/// <summary>
/// Reads configuration only from regular files, without ever blocking or reading without end. .NET cannot tell a FIFO
/// or a device from a file (both "exist"), opening a FIFO waits for a writer and /dev/zero never ends: so the type is
/// checked with statx(2) on the path, and what is not a regular file is not even opened; the file is then opened
/// O_NONBLOCK|O_NOCTTY|O_CLOEXEC and checked again through its descriptor (it may have been swapped meanwhile), and at
/// most one byte past the limit is read. The only file interop of the project: the HOCON reader and the keepalived
/// importer both read through it, each saying the <see cref="RegularFileResult"/> in its own words.
/// </summary>
/// <remarks>
/// Own DllImports rather than Tmds.LibC: its open and statx take pointers (unsafe code in Core, which has none) and its
/// assemblies are per architecture, while struct statx has one layout on every architecture — four offsets suffice.
/// </remarks>
internal static class RegularFile
{
    // <fcntl.h>, <linux/stat.h>: the same values on x86_64 and aarch64.
    private const int AT_FDCWD = -100, AT_EMPTY_PATH = 0x1000;
    private const int O_RDONLY = 0, O_NOCTTY = 0x100, O_NONBLOCK = 0x800, O_CLOEXEC = 0x80000;
    private const uint STATX_TYPE = 0x1, STATX_INO = 0x100, STATX_SIZE = 0x200;
    private const int ENOENT = 2, ENOTDIR = 20;

    // struct statx: 256 bytes, fields at these offsets in the machine's byte order, on every architecture (unlike
    // struct stat). stx_dev_major/minor are filled whatever the mask asks for.
    private const int StatxSize = 256, ModeOffset = 0x1c, InodeOffset = 0x20, SizeOffset = 0x28, DevMajorOffset = 0x88, DevMinorOffset = 0x8c;
    private const int S_IFMT = 0xf000, S_IFREG = 0x8000, S_IFDIR = 0x4000, S_IFCHR = 0x2000, S_IFBLK = 0x6000, S_IFIFO = 0x1000, S_IFSOCK = 0xc000;

    // Reads in pieces of this size, so a small limit or a small file does not allocate the limit up front.
    private const int ChunkBytes = 64 * 1024;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>Reads <paramref name="path"/> as UTF-8 text if it is a regular file of at most <paramref name="maxBytes"/> bytes.</summary>
    /// <exception cref="ArgumentException">The path is empty or holds a NUL character: no file has such a name.</exception>
    public static RegularFileResult Read(string path, long maxBytes)
    {
        if (path.Length == 0 || path.Contains('\0'))
        {
            throw new ArgumentException("a file name is not empty and holds no NUL character", nameof(path));
        }
        if (!OperatingSystem.IsLinux())
        {
            return ReadPortable(path, maxBytes);
        }
        try
        {
            return ReadOnLinux(path, maxBytes);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return new RegularFileResult.Unreadable(FileStep.Open, $"statx(2) is not available here ({e.Message}); Linux 4.11 and glibc 2.28 or later are needed");
        }
    }

    private static RegularFileResult ReadOnLinux(string path, long maxBytes)
    {
        var byPath = new byte[StatxSize];
        if (Statx(AT_FDCWD, path, 0, STATX_TYPE | STATX_INO | STATX_SIZE, byPath) != 0)
        {
            return Failure(Marshal.GetLastPInvokeError());
        }
        if (Refusal(byPath, maxBytes) is { } refused)
        {
            return refused;
        }
        var descriptor = Open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
        if (descriptor < 0)
        {
            return Failure(Marshal.GetLastPInvokeError());
        }
        using var handle = new SafeFileHandle(descriptor, ownsHandle: true);
        var opened = new byte[StatxSize];
        if (Statx(descriptor, "", AT_EMPTY_PATH, STATX_TYPE | STATX_INO | STATX_SIZE, opened) != 0)
        {
            return new RegularFileResult.Unreadable(FileStep.Open, Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError()));
        }
        // What is read is what the descriptor names, whatever the path named a moment before.
        return Refusal(opened, maxBytes) ?? Content(handle, maxBytes, Identity(opened));
    }

    private static RegularFileResult? Refusal(byte[] statx, long maxBytes)
    {
        var kind = Kind(MemoryMarshal.Read<ushort>(statx.AsSpan(ModeOffset)));
        if (kind != FileKind.Regular)
        {
            return new RegularFileResult.NotRegular(kind);
        }
        // The size may be stale or, in /proc, 0 for a file with content: it can refuse early, never accept.
        return MemoryMarshal.Read<long>(statx.AsSpan(SizeOffset)) > maxBytes ? new RegularFileResult.TooLarge(maxBytes) : null;
    }

    private static RegularFileResult Content(SafeFileHandle handle, long maxBytes, FileIdentity? identity)
    {
        var buffer = new byte[Math.Min(maxBytes + 1, ChunkBytes)];
        using var content = new MemoryStream();
        try
        {
            int read;
            // One byte more than allowed tells a file at the limit from one beyond it.
            while (content.Length <= maxBytes
                   && (read = RandomAccess.Read(handle, buffer.AsSpan(0, (int)Math.Min(buffer.Length, maxBytes + 1 - content.Length)), content.Length)) > 0)
            {
                content.Write(buffer, 0, read);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new RegularFileResult.Unreadable(FileStep.Read, e.Message);
        }
        if (content.Length > maxBytes)
        {
            return new RegularFileResult.TooLarge(maxBytes);
        }
        var bytes = content.GetBuffer().AsSpan(0, (int)content.Length);
        var bom = bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        return new RegularFileResult.Content(Utf8.GetString(bytes[bom..]), identity);
    }

    // Off Linux (developer machines): no FIFO guard and no identity; the other checks stand.
    private static RegularFileResult ReadPortable(string path, long maxBytes)
    {
        if (Directory.Exists(path))
        {
            return new RegularFileResult.NotRegular(FileKind.Directory);
        }
        if (!File.Exists(path))
        {
            return RegularFileResult.Missing.Instance;
        }
        try
        {
            using var handle = File.OpenHandle(path);
            return Content(handle, maxBytes, identity: null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new RegularFileResult.Unreadable(FileStep.Open, e.Message);
        }
    }

    private static RegularFileResult Failure(int errno) => errno is ENOENT or ENOTDIR
        ? RegularFileResult.Missing.Instance
        : new RegularFileResult.Unreadable(FileStep.Open, Marshal.GetPInvokeErrorMessage(errno));

    private static FileKind Kind(int mode) => (mode & S_IFMT) switch
    {
        S_IFREG => FileKind.Regular,
        S_IFDIR => FileKind.Directory,
        S_IFCHR => FileKind.CharacterDevice,
        S_IFBLK => FileKind.BlockDevice,
        S_IFIFO => FileKind.Fifo,
        S_IFSOCK => FileKind.Socket,
        _ => FileKind.Other,
    };

    private static FileIdentity Identity(byte[] statx) => new(
        MemoryMarshal.Read<uint>(statx.AsSpan(DevMajorOffset)),
        MemoryMarshal.Read<uint>(statx.AsSpan(DevMinorOffset)),
        MemoryMarshal.Read<ulong>(statx.AsSpan(InodeOffset)));

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int directory, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] statx);

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);
}
