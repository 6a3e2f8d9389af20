using LvsActors.Linux.Netlink;

namespace LvsActors.Linux.Tests;

/// <summary>Runs a message builder into a fresh writer and returns the bytes.</summary>
internal static class Golden
{
    /// <summary>A family id as the kernel might assign IPVS (dynamic ids start after GENL_ID_CTRL 0x10).</summary>
    public const ushort IpvsFamily = 0x1e;

    public static byte[] Build(Action<NetlinkMessageWriter> write)
    {
        using var writer = new NetlinkMessageWriter(64);
        write(writer);
        return writer.WrittenSpan.ToArray();
    }
}
