using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using LvsActors.Linux.Fence;
using LvsActors.Linux.Interop;
using LvsActors.Linux.Rtnetlink;

namespace LvsActors.Linux.Tests;

/// <summary>
/// The VIP fence on this host's real kernel, with real frames: two network namespaces made for the test, a "director"
/// with 192.0.2.1/24, 2001:db8::1/64 and the VIPs 192.0.2.100/32, 2001:db8::100/128 on one end of a veth pair, a
/// "client" with 192.0.2.2/24, 2001:db8::2/64 on the other. The client connects to a closed port: a refusal (RST)
/// means the director's kernel answered; silence means the fence dropped the SYN (neighbour known) or the ARP request
/// or neighbour solicitation (neighbours flushed first).
/// </summary>
public sealed class VipFenceTests : IDisposable
{
    private static readonly IPAddress Vip = IPAddress.Parse("192.0.2.100");
    private static readonly IPAddress Vip6 = IPAddress.Parse("2001:db8::100");
    private readonly string _director = "lvs-fence-d-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _client = "lvs-fence-c-" + Guid.NewGuid().ToString("N")[..8];
    private readonly RtnetlinkClient _rtnetlink;

    public VipFenceTests()
    {
        var veth = "lvsf" + Guid.NewGuid().ToString("N")[..8];
        Ip($"netns add {_director}");
        Ip($"netns add {_client}");
        Ip($"link add {veth}a type veth peer name {veth}b");
        Ip($"link set {veth}a netns {_director} name eth0");
        Ip($"link set {veth}b netns {_client} name eth0");
        Ip($"-n {_director} addr add 192.0.2.1/24 dev eth0");
        Ip($"-n {_director} addr add 192.0.2.100/32 dev eth0");
        Ip($"-n {_client} addr add 192.0.2.2/24 dev eth0");
        Ip($"-n {_director} addr add 2001:db8::1/64 dev eth0 nodad");
        Ip($"-n {_director} addr add 2001:db8::100/128 dev eth0 nodad");
        Ip($"-n {_client} addr add 2001:db8::2/64 dev eth0 nodad");
        Ip($"-n {_director} link set eth0 up");
        Ip($"-n {_client} link set eth0 up");
        _rtnetlink = InNamespace(_director, () => RtnetlinkClient.Open());
    }

    [Fact]
    public void The_kernel_stops_answering_for_the_VIP_at_the_deadline_by_itself_and_answers_again_when_renewed()
    {
        using var fence = VipFence.Attach(_rtnetlink, ["eth0"]);
        var deadline = Stopwatch.GetTimestamp() + 10 * Stopwatch.Frequency;
        fence.OpenUntil(Vip, MonotonicNow() + Seconds(10));
        Assert.Equal("answered", Probe(flushNeighbours: true));

        // Nobody touches the fence now: the kernel must go silent on its own once the deadline is past, for IP to a
        // known neighbour and for ARP alike (a frozen director does exactly this much).
        Thread.Sleep(TimeSpan.FromSeconds(Math.Max(0, (double)(deadline - Stopwatch.GetTimestamp()) / Stopwatch.Frequency) + 0.2));
        Assert.Equal("silent", Probe(flushNeighbours: false));
        Assert.Equal("silent", Probe(flushNeighbours: true));
        Assert.False(Resolved("192.0.2.100"), "the director answered ARP for a VIP past its deadline");
        Assert.Equal("answered", Probe(flushNeighbours: true, address: "192.0.2.1"));
        Assert.True(Resolved("192.0.2.1"), "ARP for an address without a fence went unanswered");

        fence.OpenUntil(Vip, MonotonicNow() + Seconds(30));
        Assert.Equal("answered", Probe(flushNeighbours: true));
        fence.Close(Vip);
        Assert.Equal("silent", Probe(flushNeighbours: false));
        Assert.Equal("silent", Probe(flushNeighbours: true));

        // Lifted (the VIP is off this director): its traffic passes as if there were no fence.
        fence.Lift(Vip);
        Assert.Equal("answered", Probe(flushNeighbours: true));
    }

    [Fact]
    public void An_IPv6_VIP_is_fenced_for_its_packets_and_its_neighbour_solicitations_and_other_addresses_pass()
    {
        using var fence = VipFence.Attach(_rtnetlink, ["eth0"]);
        fence.OpenUntil(Vip6, MonotonicNow() + Seconds(30));
        Assert.Equal("answered", Probe(flushNeighbours: true, address: "2001:db8::100"));

        fence.Close(Vip6);
        Assert.Equal("silent", Probe(flushNeighbours: false, address: "2001:db8::100"));
        Assert.Equal("silent", Probe(flushNeighbours: true, address: "2001:db8::100"));
        Assert.False(Resolved("2001:db8::100"), "the director answered the neighbour solicitation for a fenced VIP");
        Assert.Equal("answered", Probe(flushNeighbours: true, address: "2001:db8::1"));
        // The IPv4 VIP has no entry: not fenced, whatever the IPv6 one's state.
        Assert.Equal("answered", Probe(flushNeighbours: true));

        fence.Lift(Vip6);
        Assert.Equal("answered", Probe(flushNeighbours: true, address: "2001:db8::100"));
    }

    [Fact]
    public void Frames_the_fence_lets_through_go_on_to_the_interfaces_other_ingress_filters()
    {
        // An operator's filter after ours (priority 10): drops IPv4 TCP to port 9 (the probes' port) and nothing else.
        // A bpf one, since this kernel may lack the gact action module that `tc ... action drop` needs.
        using var dropPort9 = BpfSyscalls.LoadProgram(BpfSyscalls.ProgTypeSchedCls, DropTcpPort9(), "GPL", "drop_port_9");
        var index = _rtnetlink.GetInterfaceIndex("eth0");
        _rtnetlink.EnsureClsactQdisc(index);
        dropPort9.Use(fd =>
        {
            _rtnetlink.ReplaceIngressBpfFilter(index, 10, 1, fd, "drop_port_9");
            return 0;
        });
        Assert.Equal("silent", Probe(flushNeighbours: true));
        Assert.Equal("answered", Probe(flushNeighbours: true, port: 10));

        using var fence = VipFence.Attach(_rtnetlink, ["eth0"]);
        fence.OpenUntil(Vip, MonotonicNow() + Seconds(30));
        Assert.Equal("silent", Probe(flushNeighbours: true));
        Assert.Equal("silent", Probe(flushNeighbours: true, address: "192.0.2.1"));
        Assert.Equal("answered", Probe(flushNeighbours: true, port: 10));
        Assert.Equal("answered", Probe(flushNeighbours: true, address: "192.0.2.1", port: 10));
    }

    [Fact]
    public void A_restart_replaces_the_filter_and_detach_leaves_the_VIP_unfenced()
    {
        using (var first = VipFence.Attach(_rtnetlink, ["eth0"]))
        {
            first.Close(Vip);
        }
        Assert.Equal("silent", Probe(flushNeighbours: true));

        // A new run attaches its own program in place of the one the previous run left: one filter, its map.
        using var second = VipFence.Attach(_rtnetlink, ["eth0"]);
        second.OpenUntil(Vip, MonotonicNow() + Seconds(30));
        Assert.Equal("answered", Probe(flushNeighbours: true));
        Assert.Single(Filters(), line => line.Contains(VipFence.MapName, StringComparison.Ordinal));

        second.Close(Vip);
        second.Detach(_rtnetlink);
        Assert.Equal("answered", Probe(flushNeighbours: true));
        Assert.DoesNotContain(Filters(), line => line.Contains(VipFence.MapName, StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_interface_fails_with_its_name_and_leaves_nothing_attached()
    {
        var error = Assert.Throws<Netlink.NetlinkException>(() => VipFence.Attach(_rtnetlink, ["eth0", "nosuch0"]));
        Assert.Contains("nosuch0", error.Message);
        Assert.DoesNotContain(Filters(), line => line.Contains(VipFence.MapName, StringComparison.Ordinal));
    }

    [Fact]
    public void Dotnet_monotonic_time_is_the_kernel_clock_the_fence_reads()
    {
        // bpf_ktime_get_ns() is CLOCK_MONOTONIC; the holder's lease is measured with Stopwatch.
        var before = MonotonicNow();
        var stopwatch = (ulong)(Stopwatch.GetElapsedTime(0).Ticks * 100);
        var after = MonotonicNow();
        Assert.InRange(stopwatch, before - 1_000_000, after + 1_000_000);
    }

    public void Dispose()
    {
        _rtnetlink.Dispose();
        Ip($"netns del {_director}", check: false);
        Ip($"netns del {_client}", check: false);
    }

    private static ulong Seconds(int seconds) => (ulong)seconds * 1_000_000_000;

    private static ulong MonotonicNow()
    {
        Assert.Equal(0, clock_gettime(1, out var now)); // CLOCK_MONOTONIC
        return (ulong)now.Seconds * 1_000_000_000 + (ulong)now.Nanoseconds;
    }

    /// <summary>"answered" when the client's connect to a closed port was refused, "silent" when it timed out.</summary>
    private string Probe(bool flushNeighbours, string address = "192.0.2.100", int port = 9)
    {
        if (flushNeighbours)
        {
            Ip($"-n {_client} neigh flush dev eth0");
        }
        var script = $$"""
            import socket
            s = socket.socket(socket.AF_INET6 if ":" in "{{address}}" else socket.AF_INET); s.settimeout(1.5)
            try:
                s.connect(("{{address}}", {{port}})); print("answered")
            except ConnectionRefusedError: print("answered")
            except OSError: print("silent")
            """;
        var (code, output) = Run("ip", $"netns exec {_client} python3 -c \"{script.Replace("\"", "\\\"")}\"");
        Assert.True(code == 0, $"the client probe failed: {output}");
        return output.Trim();
    }

    // r6 = skb; IPv4? TCP (byte 23)? destination port (bytes 36-37, no IP options) 9? then TC_ACT_SHOT, else TC_ACT_UNSPEC.
    private static byte[] DropTcpPort9() => Convert.FromHexString(
        "bf16000000000000" + "280000000c000000" + "5500060000080000" + "3000000017000000" + "5500040006000000"
        + "2800000024000000" + "5500020009000000" + "b700000002000000" + "9500000000000000"
        + "b7000000ffffffff" + "9500000000000000");

    /// <summary>True when the client's neighbour table has a link-layer address for <paramref name="address"/>.</summary>
    private bool Resolved(string address) => Run("ip", $"-n {_client} neigh show {address}").Output.Contains("lladdr", StringComparison.Ordinal);

    private IReadOnlyList<string> Filters() => Run("tc", $"-n {_director} filter show dev eth0 ingress").Output.Split('\n');

    private static void Ip(string arguments, bool check = true)
    {
        var (code, output) = Run("ip", arguments);
        if (check)
        {
            Assert.True(code == 0, $"ip {arguments} failed ({code}): {output} — this test needs root and network namespaces");
        }
    }

    private static (int Code, string Output) Run(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }

    /// <summary>Runs <paramref name="open"/> on a thread that has entered the named network namespace: a netlink
    /// socket belongs to the namespace it was created in, whatever thread uses it later.</summary>
    private static T InNamespace<T>(string name, Func<T> open)
    {
        T? result = default;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var target = File.OpenHandle($"/run/netns/{name}");
                using var home = File.OpenHandle("/proc/thread-self/ns/net");
                Assert.True(setns((int)target.DangerousGetHandle(), 0x40000000) == 0, $"setns into {name}: errno {Marshal.GetLastPInvokeError()}");
                try
                {
                    result = open();
                }
                finally
                {
                    setns((int)home.DangerousGetHandle(), 0x40000000);
                }
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        return failure is null ? result! : throw new InvalidOperationException($"in network namespace {name}: {failure.Message}", failure);
    }

    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int setns(int fd, int nstype);

    [DllImport("libc")]
    private static extern int clock_gettime(int clock, out Timespec time);
}
