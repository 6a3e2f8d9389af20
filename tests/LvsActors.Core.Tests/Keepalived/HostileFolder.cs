using System.Runtime.InteropServices;

namespace LvsActors.Tests.Keepalived;

/// <summary>
/// A temporary folder holding what an <c>include</c> must refuse without hanging or crashing: a FIFO, a link to
/// /dev/zero, a directory, an unreadable file, a file over the size limit, and files that include themselves.
/// </summary>
internal sealed class HostileFolder : IDisposable
{
    public HostileFolder()
    {
        Path = Directory.CreateTempSubdirectory("lvs-keepalived-").FullName;
        Directory.CreateDirectory(In("conf.d/sub"));
        File.WriteAllText(In("conf.d/a.conf"), "virtual_server 192.0.2.1 80 {\n  real_server 198.51.100.1 80 {\n  }\n}\n");
        File.WriteAllText(In("conf.d/b.conf"), "virtual_server 192.0.2.2 80 {\n  real_server 198.51.100.2 80 {\n  }\n}\n");
        File.WriteAllText(In("conf.d/.hidden.conf"), "hidden_keyword\n");
        File.WriteAllText(In("loop.conf"), "include loop.conf\n");
        File.WriteAllText(In("ping.conf"), "include pong.conf\n");
        File.WriteAllText(In("pong.conf"), "include ping.conf\n");
        File.CreateSymbolicLink(In("loop-link.conf"), In("loop.conf"));
        File.CreateSymbolicLink(In("zero.conf"), "/dev/zero");
        File.WriteAllText(In("big.conf"), new string('#', (int)LvsActors.Keepalived.KeepalivedLimits.MaxFileBytes + 1));
        if (MakeFifo(In("pipe.conf"), 0x180) != 0)
        {
            throw new InvalidOperationException($"mkfifo {In("pipe.conf")} failed (errno {Marshal.GetLastPInvokeError()}): the FIFO cases cannot run");
        }
        UnreadableProblem = MakeUnreadable(In("unreadable.conf"));
    }

    public string Path { get; }

    /// <summary>Why no unreadable file could be made here, or null when <c>unreadable.conf</c> is one.</summary>
    public string? UnreadableProblem { get; }

    public string In(string relative) => System.IO.Path.Combine(Path, relative);

    public void Dispose() => Directory.Delete(Path, recursive: true);

    /// <summary>
    /// chmod 000 keeps out every user but root; as root (CI containers), a write-only sysfs attribute, which the kernel
    /// refuses to open for reading even to root, stands in. Null on success, else why not.
    /// </summary>
    private static string? MakeUnreadable(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return "file modes and sysfs are Linux's";
        }
        File.WriteAllText(path, "# unreadable\n");
        File.SetUnixFileMode(path, UnixFileMode.None);
        if (!CanOpen(path))
        {
            return null;
        }
        File.Delete(path);
        const string writeOnly = "/sys/bus/cpu/uevent";
        if (!File.Exists(writeOnly) || CanOpen(writeOnly))
        {
            return $"running as root, and {writeOnly} (write-only, refused even to root) is not there to stand in for an unreadable file";
        }
        File.CreateSymbolicLink(path, writeOnly);
        return null;
    }

    private static bool CanOpen(string path)
    {
        try
        {
            File.OpenRead(path).Dispose();
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "mkfifo", SetLastError = true)]
    private static extern int MakeFifo(string path, uint mode);
}
