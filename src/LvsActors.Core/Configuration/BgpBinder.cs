using LvsActors.Configuration.Hocon;
using LvsActors.Model;

namespace LvsActors.Configuration;

/// <summary>Binds <c>lvs.cluster.bgp</c>: the daemon an active-active director announces the VIPs through.</summary>
internal static class BgpBinder
{
    // 4-byte AS numbers (RFC 6793); 0 and 23456 (AS_TRANS) are never a speaker's own.
    private const long MaxAs = uint.MaxValue;

    public static BgpSettings? Bind(Section? section)
    {
        if (section is null)
        {
            return null;
        }
        var daemon = section.String("daemon", "bird");
        if (daemon is not "bird")
        {
            section.Error("daemon", $"\"{daemon}\" is not supported; accepted: bird (BIRD 2, Debian's bird2)");
        }
        var localAs = section.Has("local-as") ? ReadAs(section, "local-as") : null;
        if (!section.Has("local-as"))
        {
            section.Error("local-as", "the director's own AS number is missing, e.g. local-as = 65001");
        }
        var routers = section.ObjectList("routers").Select(ReadRouter).OfType<BgpRouter>().ToList();
        if (!section.Has("routers"))
        {
            section.Error("routers", "the routers to announce the VIPs to are missing, e.g. routers = [ { address = 192.0.2.1, as = 65000 } ]");
        }
        var vipInterface = section.String("vip-interface", BgpSettings.DefaultVipInterface)!;
        if (!IsInterfaceName(vipInterface))
        {
            section.Error("vip-interface", $"\"{vipInterface}\" is not an interface name (1-15 characters, no '/', no spaces)");
        }
        var settings = new BgpSettings(
            AbsolutePath(section, "control-socket", BgpSettings.DefaultControlSocket),
            AbsolutePath(section, "config-file", BgpSettings.DefaultConfigFile),
            vipInterface,
            section.Address("router-id"),
            localAs ?? 0,
            routers,
            ReadBfd(section),
            section.Duration("hold-time", TimeSpan.FromSeconds(9), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(65535)))
        {
            BackupPrepend = (int)section.Integer("backup-prepend", 3, 1, 16),
            WarmUp = section.Duration("warm-up", TimeSpan.FromSeconds(30), TimeSpan.Zero, TimeSpan.FromMinutes(15)),
        };
        section.Finish();
        return settings;
    }

    private static BgpRouter? ReadRouter(Section section)
    {
        var address = section.Address("address");
        if (!section.Has("address"))
        {
            section.Error("address", "a router needs its address, e.g. address = 192.0.2.1");
        }
        var remoteAs = section.Has("as") ? ReadAs(section, "as") : null;
        if (!section.Has("as"))
        {
            section.Error("as", "a router needs its AS number, e.g. as = 65000");
        }
        section.Finish();
        return address is null || remoteAs is null ? null : new BgpRouter(address, remoteAs.Value);
    }

    private static uint? ReadAs(Section section, string key)
    {
        var value = section.Integer(key, 0, 1, MaxAs);
        if (value == 23456)
        {
            section.Error(key, "23456 is AS_TRANS (RFC 6793), a placeholder that no speaker may use as its own; write the real AS number");
            return null;
        }
        return value == 0 ? null : (uint)value;
    }

    // bfd = on | off, or bfd { interval = 100ms, multiplier = 3 }.
    private static BfdSettings? ReadBfd(Section section)
    {
        if (section.Node("bfd") is HoconObject && section.Object("bfd") is { } bfd)
        {
            var d = BfdSettings.Default;
            var settings = new BfdSettings(
                bfd.Duration("interval", d.Interval, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(10)),
                (int)bfd.Integer("multiplier", d.Multiplier, 2, 255));
            bfd.Finish();
            return settings;
        }
        return section.Bool("bfd", true) ? BfdSettings.Default : null;
    }

    private static string AbsolutePath(Section section, string key, string fallback)
    {
        var path = section.String(key, fallback)!;
        if (!path.StartsWith('/') || path.Contains('"', StringComparison.Ordinal) || path.Contains('\n', StringComparison.Ordinal))
        {
            section.Error(key, $"\"{path}\" must be an absolute path without quotes or line breaks");
        }
        return path;
    }

    private static bool IsInterfaceName(string name) =>
        name.Length is > 0 and <= 15 && !name.Contains('/') && !name.Any(char.IsWhiteSpace) && name is not "." and not ".." && !name.Contains('"');
}
