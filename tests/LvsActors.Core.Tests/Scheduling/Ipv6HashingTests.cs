using LvsActors.Scheduling;
using static LvsActors.Core.Tests.Scheduling.Kit;

namespace LvsActors.Core.Tests.Scheduling;

/// <summary>
/// IPv6 goes through the kernel's addr_fold (ip6[0] ^ ip6[1] ^ ip6[2] ^ ip6[3]). Expectations come from the same
/// gcc-compiled transliteration of ip_vs_mh.c / ip_vs_dh.c as <see cref="MaglevHashTests"/>. Servers
/// [2001:db8::1..3]:443 added in order give the list [::3, ::2, ::1].
/// </summary>
public class Ipv6HashingTests
{
    private static DestinationList Service(string scheduler) => Kit.Service(scheduler,
        ("[2001:db8::1]:443", 1), ("[2001:db8::2]:443", 1), ("[2001:db8::3]:443", 1));

    private static string[] Last(IEnumerable<string> picks) => picks.Select(p => p.Split("::")[1][0..1]).ToArray();

    [Fact]
    public void Mh_folds_client_and_server_addresses()
    {
        var list = Service("mh");
        var picks = Enumerable.Range(1, 8).Select(c => Pick(list, From($"2001:db8:1::{c}", destination: "2001:db8::80")));
        Assert.Equal(["1", "2", "1", "3", "3", "2", "2", "1"], Last(picks));
    }

    [Fact]
    public void Dh_folds_the_destination_address()
    {
        var list = Service("dh");
        var picks = Enumerable.Range(1, 8).Select(c => Pick(list, From("2001:db8:1::1", destination: $"2001:db8:2::{c}")));
        Assert.Equal(["3", "1", "3", "2", "3", "2", "3", "3"], Last(picks));
    }
}
