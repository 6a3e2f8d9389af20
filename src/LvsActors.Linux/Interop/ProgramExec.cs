using System.Runtime.InteropServices;
using System.Text;

namespace LvsActors.Linux.Interop;

/// <summary>
/// Replaces this process with another program (execv(3)): the same process id, open descriptors and environment, so
/// that a service manager that started the first program (systemd's MAINPID, a supervisor's wait) keeps watching the
/// right process.
/// </summary>
public static unsafe class ProgramExec
{
    /// <summary>Runs <paramref name="path"/> with <paramref name="arguments"/> (argv[0] first) in place of this process; returns only on failure, with why.</summary>
    public static string Replace(string path, IReadOnlyList<string> arguments)
    {
        // Strings as NUL-terminated UTF-8 in one block of pinned bytes, then argv's pointers into it, NULL-terminated.
        var offsets = new int[arguments.Count];
        var text = new List<byte>();
        for (var i = 0; i < arguments.Count; i++)
        {
            offsets[i] = text.Count;
            text.AddRange(Encoding.UTF8.GetBytes(arguments[i]));
            text.Add(0);
        }
        var bytes = text.ToArray();
        var file = Encoding.UTF8.GetBytes(path + "\0");
        var argv = new byte*[arguments.Count + 1];
        fixed (byte* strings = bytes, filePointer = file)
        fixed (byte** argvPointer = argv)
        {
            for (var i = 0; i < offsets.Length; i++)
            {
                argv[i] = strings + offsets[i];
            }
            execv(filePointer, argvPointer);
        }
        return $"execv {path}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}";
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int execv(byte* path, byte** argv);
}
