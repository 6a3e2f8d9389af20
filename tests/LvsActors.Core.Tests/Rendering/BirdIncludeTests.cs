using System.Diagnostics;
using System.Net;
using LvsActors.Model;
using LvsActors.Rendering;

namespace LvsActors.Tests.Rendering;

/// <summary>
/// The director's part of BIRD's configuration: what it says, and that BIRD 2 itself (Debian's bird2, `bird -p`: parse
/// and exit) accepts it as an include of a bird.conf, for IPv4 and IPv6 routers, with and without BFD.
/// </summary>
public sealed class BirdIncludeTests
{
    private static readonly Vip[] Vips =
    [
        new(IPAddress.Parse("203.0.113.100"), 32, "lvsvip0"), new(IPAddress.Parse("203.0.113.101"), 32, "lvsvip0"),
        new(IPAddress.Parse("2001:db8:100::1"), 128, "lvsvip0"),
    ];

    private static BgpSettings Settings(string configFile, BfdSettings? bfd, params BgpRouter[] routers) => new(
        "/run/bird/bird.ctl", configFile, "lvsvip0", IPAddress.Parse("192.0.2.11"), 65001, routers, bfd, TimeSpan.FromSeconds(9));

    [Fact]
    public void It_announces_the_vip_interface_to_each_router_with_bfd()
    {
        var text = BirdInclude.Render(Settings("/etc/bird/lvsactors.conf", BfdSettings.Default,
            new BgpRouter(IPAddress.Parse("192.0.2.1"), 65000), new BgpRouter(IPAddress.Parse("2001:db8:2::1"), 65000)), Vips, "/etc/lvsactors/lvsactors.conf");

        Assert.Contains("router id 192.0.2.11;", text);
        Assert.Contains("protocol direct lvs_vips4 { ipv4; interface \"lvsvip0\"; }", text);
        Assert.Contains("protocol bfd lvs_bfd { interface \"*\" { min rx interval 100 ms; min tx interval 100 ms; multiplier 3; }; }", text);
        Assert.Contains("protocol bgp lvs_router1 {\n  local as 65001;\n  neighbor 192.0.2.1 as 65000;\n  bfd on;\n", text.ReplaceLineEndings("\n"));
        Assert.Contains("ipv4 { import none; export where proto = \"lvs_vips4\" && net ~ [ 203.0.113.100/32, 203.0.113.101/32 ]; };", text);
        Assert.Contains("neighbor 2001:db8:2::1 as 65000;", text);
        Assert.Contains("ipv6 { import none; export where proto = \"lvs_vips6\" && net ~ [ 2001:db8:100::1/128 ]; };", text);
        Assert.Contains("hold time 9; keepalive time 3;", text);
    }

    [Fact]
    public void A_family_without_vips_exports_nothing()
    {
        var text = BirdInclude.Render(Settings("/etc/bird/lvsactors.conf", null, new BgpRouter(IPAddress.Parse("2001:db8:2::1"), 65000)), Vips[..1], "x.conf");

        Assert.Contains("ipv6 { import none; export none; };", text);
    }

    [Fact]
    public void Without_bfd_there_is_no_bfd_protocol_nor_bfd_on_a_session()
    {
        var text = BirdInclude.Render(Settings("/etc/bird/lvsactors.conf", null, new BgpRouter(IPAddress.Parse("192.0.2.1"), 65000)), Vips, "x.conf");

        Assert.DoesNotContain("bfd", text);
    }

    [Fact]
    public void A_vip_group_preferred_elsewhere_goes_out_as_the_longer_path()
    {
        Vip[] vips = [Vips[0], Vips[1] with { Group = "mail" }, new Vip(IPAddress.Parse("203.0.113.102"), 32, "lvsvip0") { Group = "web" }];
        var settings = Settings("/etc/bird/lvsactors.conf", null, new BgpRouter(IPAddress.Parse("192.0.2.1"), 65000)) with { BackupPrepend = 2 };

        var text = BirdInclude.Render(settings, vips, "x.conf", new HashSet<IPAddress> { IPAddress.Parse("203.0.113.102") });

        // The ungrouped VIP and this director's group as they are; the other group with the AS prepended twice.
        Assert.Contains("export filter { if proto = \"lvs_vips4\" && net ~ [ 203.0.113.100/32, 203.0.113.101/32, 203.0.113.102/32 ] then { "
            + "if net ~ [ 203.0.113.101/32 ] then { bgp_path.prepend(65001); bgp_path.prepend(65001); } accept; } reject; };", text);
        // Not yet told which groups are its own (no cluster view): every group goes out as the longer path.
        Assert.Contains("if net ~ [ 203.0.113.101/32, 203.0.113.102/32 ] then", BirdInclude.Render(settings, vips, "x.conf"));
        // All its own: the plain filter.
        Assert.Contains("export where proto = \"lvs_vips4\"", BirdInclude.Render(settings, vips, "x.conf", vips.Select(v => v.Address).ToHashSet()));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Bird_accepts_it_as_an_include(bool bfd)
    {
        var folder = Directory.CreateTempSubdirectory("lvsactors-bird-");
        try
        {
            var include = Path.Combine(folder.FullName, "lvsactors.conf");
            var settings = Settings(include, bfd ? BfdSettings.Default : null,
                new BgpRouter(IPAddress.Parse("192.0.2.1"), 65000), new BgpRouter(IPAddress.Parse("192.0.2.2"), 65002),
                new BgpRouter(IPAddress.Parse("2001:db8:2::1"), 4200000000));
            // With VIP groups too: one preferred here, one elsewhere (BIRD parses the prepending filter).
            Vip[] vips = [.. Vips, new Vip(IPAddress.Parse("203.0.113.102"), 32, "lvsvip0") { Group = "a" }, new Vip(IPAddress.Parse("2001:db8:100::2"), 128, "lvsvip0") { Group = "b" }];
            File.WriteAllText(include, BirdInclude.Render(settings, vips, "test.conf", new HashSet<IPAddress> { IPAddress.Parse("203.0.113.102") }));
            var main = Path.Combine(folder.FullName, "bird.conf");
            // As Debian's default bird.conf has them: a device and a kernel protocol of its own beside ours.
            File.WriteAllText(main, $"log stderr all;\nprotocol device {{ }}\nprotocol kernel {{ ipv4 {{ export all; }}; }}\ninclude \"{include}\";\n");

            var (code, output) = Bird("-p", "-c", main);

            Assert.True(code == 0, $"bird -p refused the include (exit {code}): {output}\n{File.ReadAllText(include)}");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static (int Code, string Output) Bird(params string[] args)
    {
        const string bird = "/usr/sbin/bird";
        Assert.True(File.Exists(bird), $"{bird} is missing: install Debian's bird2 (deploy/test-tools.sh does)");
        var start = new ProcessStartInfo(bird) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), "bird -p did not finish within 30 s");
        return (process.ExitCode, output);
    }
}
