using LvsActors.Linux.Netlink;
using Tmds.Linux;

namespace LvsActors.Linux.Tests;

/// <summary>
/// The kernel constants we keep as compile-time constants (switch patterns and default arguments need them) hold the
/// values Tmds.LibC has for this architecture, so that there is one truth for each.
/// </summary>
public class KernelConstantsTests
{
    public static TheoryData<string, int, int> Errnos => new()
    {
        { "EPERM", NetlinkConstants.EPERM, LibC.EPERM },
        { "ENOENT", NetlinkConstants.ENOENT, LibC.ENOENT },
        { "ESRCH", NetlinkConstants.ESRCH, LibC.ESRCH },
        { "EINTR", NetlinkConstants.EINTR, LibC.EINTR },
        { "EAGAIN", NetlinkConstants.EAGAIN, LibC.EAGAIN },
        { "EEXIST", NetlinkConstants.EEXIST, LibC.EEXIST },
        { "ENODEV", NetlinkConstants.ENODEV, LibC.ENODEV },
        { "EINVAL", NetlinkConstants.EINVAL, LibC.EINVAL },
        { "ERANGE", NetlinkConstants.ERANGE, LibC.ERANGE },
        { "EOPNOTSUPP", NetlinkConstants.EOPNOTSUPP, LibC.EOPNOTSUPP },
        { "EAFNOSUPPORT", NetlinkConstants.EAFNOSUPPORT, LibC.EAFNOSUPPORT },
        { "EADDRNOTAVAIL", NetlinkConstants.EADDRNOTAVAIL, LibC.EADDRNOTAVAIL },
        { "ENOBUFS", NetlinkConstants.ENOBUFS, LibC.ENOBUFS },
    };

    [Theory]
    [MemberData(nameof(Errnos))]
    public void Errno_values_are_Tmds_LibC_s(string name, int ours, int libc) => Assert.True(ours == libc, $"{name}: ours {ours}, Tmds.LibC {libc}");

    [Fact]
    public void Address_families_are_Tmds_LibC_s()
    {
        Assert.Equal(NetlinkConstants.AF_UNSPEC, (int)LibC.AF_UNSPEC);
        Assert.Equal(NetlinkConstants.AF_INET, (int)LibC.AF_INET);
        Assert.Equal(NetlinkConstants.AF_INET6, (int)LibC.AF_INET6);
    }
}
