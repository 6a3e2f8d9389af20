using System.Runtime.InteropServices;
using Tmds.Linux;

namespace LvsActors.Linux.Interop;

/// <summary>Owns the file descriptor of a netlink socket and closes it exactly once.</summary>
internal sealed class NetlinkSocketHandle : SafeHandle
{
    public NetlinkSocketHandle(int fd)
        : base(invalidHandleValue: new IntPtr(-1), ownsHandle: true) => SetHandle(new IntPtr(fd));

    public override bool IsInvalid => handle.ToInt64() < 0;

    /// <summary>The descriptor as an int, for the raw calls; valid only while a ref is held (see <see cref="NetlinkSyscalls"/>).</summary>
    public int Fd => (int)handle.ToInt64();

    protected override bool ReleaseHandle() => LibC.close(Fd) == 0;
}
