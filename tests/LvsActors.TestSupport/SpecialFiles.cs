using System.Runtime.InteropServices;

namespace LvsActors.TestSupport;

/// <summary>Files a configuration reader must refuse without hanging or crashing: FIFOs and files it cannot read.</summary>
public static class SpecialFiles
{
    /// <summary>Makes a FIFO at <paramref name="path"/>; throws with the errno when the system refuses.</summary>
    public static void MakeFifo(string path)
    {
        if (mkfifo(path, 0x180) != 0)
        {
            throw new InvalidOperationException($"mkfifo {path} failed (errno {Marshal.GetLastPInvokeError()}): the FIFO cases cannot run");
        }
    }

    /// <summary>
    /// Makes <paramref name="path"/> a file no one here can read. chmod 000 keeps out every user but root; as root (CI),
    /// a link to a write-only sysfs attribute, which the kernel refuses to open for reading even to root, stands in.
    /// Null on success, else why no unreadable file could be made (a test then fails with it).
    /// </summary>
    public static string? MakeUnreadable(string path)
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

    [DllImport("libc", SetLastError = true)]
#pragma warning disable IDE1006 // the C function's own name
    private static extern int mkfifo(string path, uint mode);
#pragma warning restore IDE1006
}
