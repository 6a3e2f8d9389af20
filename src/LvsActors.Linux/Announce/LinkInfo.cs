using System.Globalization;

namespace LvsActors.Linux.Announce;

/// <summary>An interface's index and Ethernet address, read from /sys/class/net (no netlink round trip per announcement).</summary>
public sealed record LinkInfo(int Index, byte[] HardwareAddress)
{
    /// <summary>Reads <paramref name="interfaceName"/>'s ifindex and address; fails with IOException when it does not exist.</summary>
    public static LinkInfo Read(string interfaceName, string sysfsRoot = "/sys/class/net")
    {
        var folder = Path.Combine(sysfsRoot, interfaceName);
        var index = int.Parse(File.ReadAllText(Path.Combine(folder, "ifindex")).Trim(), CultureInfo.InvariantCulture);
        var mac = File.ReadAllText(Path.Combine(folder, "address")).Trim()
            .Split(':')
            .Select(b => byte.Parse(b, NumberStyles.HexNumber, CultureInfo.InvariantCulture))
            .ToArray();
        return mac.Length == 6 ? new LinkInfo(index, mac) : throw new IOException($"{interfaceName} has no Ethernet address ({mac.Length} bytes)");
    }
}
