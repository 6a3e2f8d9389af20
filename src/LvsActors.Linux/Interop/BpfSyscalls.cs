using System.Runtime.InteropServices;
using System.Text;

namespace LvsActors.Linux.Interop;

/// <summary>
/// The bpf(2) calls of the VIP fence: one hash map, one program, and updates of the map. Tmds.LibC has no bpf(), so
/// this goes through syscall(2). A failure becomes a <see cref="BpfException"/> with errno and, for a program the
/// verifier refused, the verifier's own log. Layouts are union bpf_attr's (include/uapi/linux/bpf.h); the kernel
/// accepts a larger attr as long as the bytes it does not know are zero.
/// </summary>
internal static unsafe partial class BpfSyscalls
{
    // The bpf(2) number: x86_64 321, arm64 (asm-generic) 280.
    private static readonly long SysBpf = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 280 : 321;
    private const int MapCreate = 0;
    private const int MapUpdateElem = 2;
    private const int MapDeleteElem = 3;
    private const int ProgLoad = 5;
    private const int AttrSize = 128;

    /// <summary>BPF_MAP_TYPE_HASH.</summary>
    public const uint MapTypeHash = 1;

    /// <summary>BPF_PROG_TYPE_SCHED_CLS: a tc classifier.</summary>
    public const uint ProgTypeSchedCls = 3;

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall(long number, long command, void* attr, long size);

    /// <summary>Creates a map and returns its descriptor (close-on-exec, as every bpf descriptor).</summary>
    public static SocketHandle CreateMap(uint type, uint keySize, uint valueSize, uint maxEntries, string name)
    {
        var attr = stackalloc byte[AttrSize];
        new Span<byte>(attr, AttrSize).Clear();
        *(uint*)attr = type;
        *(uint*)(attr + 4) = keySize;
        *(uint*)(attr + 8) = valueSize;
        *(uint*)(attr + 12) = maxEntries;
        WriteName(new Span<byte>(attr + 28, 16), name);
        return new SocketHandle(Call(MapCreate, attr, $"create map {name}"));
    }

    /// <summary>Sets <paramref name="key"/> to <paramref name="value"/> (BPF_ANY: creates or replaces).</summary>
    public static void Update(SocketHandle map, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        bool added = false;
        try
        {
            map.DangerousAddRef(ref added);
            fixed (byte* k = key)
            fixed (byte* v = value)
            {
                Element(MapUpdateElem, map.Fd, k, v, "update map element");
            }
        }
        finally
        {
            if (added)
            {
                map.DangerousRelease();
            }
        }
    }

    /// <summary>Deletes <paramref name="key"/>; false when it was not there (ENOENT).</summary>
    public static bool Delete(SocketHandle map, ReadOnlySpan<byte> key)
    {
        bool added = false;
        try
        {
            map.DangerousAddRef(ref added);
            fixed (byte* k = key)
            {
                Element(MapDeleteElem, map.Fd, k, null, "delete map element");
            }
            return true;
        }
        catch (BpfException e) when (e.Errno == 2)
        {
            return false;
        }
        finally
        {
            if (added)
            {
                map.DangerousRelease();
            }
        }
    }

    /// <summary>Loads a program of <paramref name="type"/>; on refusal the exception carries the verifier's log.</summary>
    public static SocketHandle LoadProgram(uint type, ReadOnlySpan<byte> instructions, string license, string name)
    {
        var log = new byte[64 * 1024];
        var licenseBytes = Encoding.ASCII.GetBytes(license + "\0");
        var attr = stackalloc byte[AttrSize];
        new Span<byte>(attr, AttrSize).Clear();
        fixed (byte* insns = instructions)
        fixed (byte* lic = licenseBytes)
        fixed (byte* logBuffer = log)
        {
            *(uint*)attr = type;
            *(uint*)(attr + 4) = (uint)(instructions.Length / 8);
            *(ulong*)(attr + 8) = (ulong)insns;
            *(ulong*)(attr + 16) = (ulong)lic;
            *(uint*)(attr + 24) = 1; // log_level: the verifier explains a refusal
            *(uint*)(attr + 28) = (uint)log.Length;
            *(ulong*)(attr + 32) = (ulong)logBuffer;
            WriteName(new Span<byte>(attr + 48, 16), name);
            try
            {
                return new SocketHandle(Call(ProgLoad, attr, $"load program {name}"));
            }
            catch (BpfException e)
            {
                var text = Encoding.ASCII.GetString(log, 0, Math.Max(0, Array.IndexOf(log, (byte)0))).Trim();
                throw new BpfException(text.Length == 0 ? e.Message : $"{e.Message}; verifier: {text}", e.Errno);
            }
        }
    }

    private static void Element(int command, int mapFd, byte* key, byte* value, string what)
    {
        var attr = stackalloc byte[AttrSize];
        new Span<byte>(attr, AttrSize).Clear();
        *(uint*)attr = (uint)mapFd;
        *(ulong*)(attr + 8) = (ulong)key;
        *(ulong*)(attr + 16) = (ulong)value;
        Call(command, attr, what);
    }

    private static int Call(int command, byte* attr, string what)
    {
        long result = Syscall(SysBpf, command, attr, AttrSize);
        if (result < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new BpfException($"bpf {what}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})", errno);
        }
        return (int)result;
    }

    private static void WriteName(Span<byte> target, string name)
    {
        // BPF object names: up to 15 characters of [A-Za-z0-9_.], NUL-terminated.
        Encoding.ASCII.GetBytes(name.AsSpan(0, Math.Min(name.Length, target.Length - 1)), target);
    }
}

/// <summary>A bpf(2) call failed; <see cref="Errno"/> says why (EPERM: needs CAP_BPF or CAP_SYS_ADMIN).</summary>
public sealed class BpfException(string message, int errno) : Exception(message)
{
    /// <summary>The errno of the failed call.</summary>
    public int Errno { get; } = errno;
}
