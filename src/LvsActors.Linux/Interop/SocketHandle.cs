using System.Runtime.InteropServices;
using Tmds.Linux;

namespace LvsActors.Linux.Interop;

/// <summary>Owns the file descriptor of a socket opened through Tmds.LibC (netlink, packet) and closes it exactly once.</summary>
internal sealed class SocketHandle : SafeHandle
{
    public SocketHandle(int fd)
        : base(invalidHandleValue: new IntPtr(-1), ownsHandle: true) => SetHandle(new IntPtr(fd));

    public override bool IsInvalid => handle.ToInt64() < 0;

    /// <summary>The descriptor as an int, for the raw calls; valid only while a ref is held (DangerousAddRef).</summary>
    public int Fd => (int)handle.ToInt64();

    /// <summary>Runs <paramref name="call"/> with the raw descriptor while a reference is held, so that it cannot be
    /// closed and reused underneath the call.</summary>
    public T Use<T>(Func<int, T> call)
    {
        bool added = false;
        try
        {
            DangerousAddRef(ref added);
            return call(Fd);
        }
        finally
        {
            if (added)
            {
                DangerousRelease();
            }
        }
    }

    protected override bool ReleaseHandle() => LibC.close(Fd) == 0;
}
