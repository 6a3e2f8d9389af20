using Xunit;
using Xunit.Abstractions;

namespace LvsActors.Lab.Tests;

/// <summary>
/// lvsactors apply, list and save and the IPVS client against the real kernel, in one boot (scenario ipvs-cli):
/// what we print must be byte for byte what ipvsadm prints for the same table, a messy table must reconcile to
/// exactly the configured one, a second apply must write nothing, and render | ipvsadm -R must equal apply.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class IpvsCliTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Apply_list_save_and_every_client_operation_agree_with_ipvsadm_on_the_real_kernel()
    {
        var runner = LabRunner.Locate();
        var options = new LabOptions
        {
            Output = output.WriteLine,
            Environment = new Dictionary<string, string>
            {
                ["LAB_LVSACTORS"] = Lvsactors.Assembly,
                ["LAB_CONFIG"] = Path.Combine(runner.LabDirectory, "configs", "rich.conf"),
                ["LAB_PROBE_DLL"] = typeof(IpvsProbe).Assembly.Location,
                ["LAB_BAD_CONFIG"] = Path.Combine(runner.LabDirectory, "configs", "no-twos.conf"),
            },
        };

        var run = await runner.RunAsync("ipvs-cli", options);

        Assert.True(run.Succeeded, run.Describe());
        ListingsMatchIpvsadm(run);
        MessyTableReconciles(run);
        RenderRestoreEqualsApply(run);
        ClientOperationsRoundTrip(run);
        KernelErrorsSayWhatAndWhere(run);
    }

    private static void KernelErrorsSayWhatAndWhere(LabRun run)
    {
        // The kernel lacks ip_vs_twos: the error names the operation and the service; what could go in went in.
        Assert.Equal(
            [
                "lvsactors: IPVS AddService 192.0.2.2:80/TCP: scheduler module ip_vs_twos not found; "
                + "IPVS AddDestination 198.51.100.12:80 to 192.0.2.2:80/TCP: no such service",
                "exit 1",
            ],
            run.ReadLines("apply-bad.err"));
        Assert.Equal("", run.ReadFile("apply-bad.txt"));
        Assert.Equal(["-A -t 192.0.2.1:80 -s rr", "-a -t 192.0.2.1:80 -r 198.51.100.11:80 -m -w 1"], run.ReadLines("bad-S.txt"));
        Assert.Equal(
            [
                "lvsactors: cannot use the kernel's IPVS: IPVS GetInfo: operation not permitted: needs CAP_NET_ADMIN in this network namespace",
                "exit 1",
            ],
            run.ReadLines("list-nobody.err"));
    }

    private static void ListingsMatchIpvsadm(LabRun run)
    {
        Assert.Equal(
            "35 changes: services 12 added, 0 edited, 0 removed; real servers 23 added, 0 edited, 0 removed",
            run.ReadLines("apply-empty.txt")[^1]);
        Assert.Equal(run.ReadFile("ipvsadm-Ln.txt"), run.ReadFile("list.txt"));
        Assert.Equal(run.ReadFile("ipvsadm-Ln-stats.txt"), run.ReadFile("list-stats.txt"));
        Assert.Equal(run.ReadFile("ipvsadm-Ln-rate.txt"), run.ReadFile("list-rate.txt"));
        Assert.Equal(run.ReadFile("ipvsadm-S.txt"), run.ReadFile("save.txt"));
        Assert.Equal(run.ReadFile("ipvsadm-S.txt"), run.ReadFile("render.txt"));

        // The rich table really holds every kind: IPv6, both fwmark families, SCTP, tunnels, flags, persistence.
        var list = run.ReadFile("list.txt");
        Assert.Contains("TCP  [2001:db8::100]:80 lblcr persistent 120 mask 64\n", list, StringComparison.Ordinal);
        Assert.Contains("FWM  2 IPv6 nq\n", list, StringComparison.Ordinal);
        Assert.Contains("FWM  1 sed persistent 600\n", list, StringComparison.Ordinal);
        Assert.Contains("SCTP 203.0.113.100:3868 lc\n", list, StringComparison.Ordinal);
        Assert.Contains("TCP  203.0.113.101:443 sh (sh-fallback,sh-port) persistent 300 mask 255.255.255.0\n", list, StringComparison.Ordinal);
        Assert.Contains("  -> [2001:db8:1::34]:80          Tunnel  1      0          0         \n", list, StringComparison.Ordinal);
        Assert.Contains("-a -t 203.0.113.102:80 -r 198.51.100.32:80 -i -w 1 --tun-type gue --tun-port 6080 --tun-csum",
            run.ReadLines("save.txt"));
    }

    private static void MessyTableReconciles(LabRun run)
    {
        Assert.NotEqual(run.ReadFile("render.txt"), run.ReadFile("messy-S.txt"));
        Assert.Equal(
            [
                "remove service 192.0.2.99:8080/TCP",
                "remove service fwmark 77",
                "remove 198.51.100.14:8080 from 203.0.113.100:80/TCP",
                "edit 198.51.100.12:8080 in 203.0.113.100:80/TCP weight 3",
                "add 198.51.100.11:8080 to 203.0.113.100:80/TCP weight 1",
                "edit 198.51.100.21:443 in 203.0.113.101:443/TCP weight 2",
                "edit service 192.0.2.10:25/TCP ovf",
                "7 changes: services 0 added, 1 edited, 2 removed; real servers 1 added, 2 edited, 1 removed",
            ],
            run.ReadLines("apply-messy.txt"));
        Assert.Equal(run.ReadFile("render.txt"), run.ReadFile("reconciled-S.txt"));
        Assert.Equal(["no changes"], run.ReadLines("apply-again.txt"));
        Assert.Equal(run.ReadFile("reconciled-S.txt"), run.ReadFile("again-S.txt"));
    }

    private static void RenderRestoreEqualsApply(LabRun run)
    {
        Assert.Equal(run.ReadFile("restored-S.txt"), run.ReadFile("applied-S.txt"));
        Assert.Equal(run.ReadFile("render.txt"), run.ReadFile("applied-S.txt"));
    }

    private static void ClientOperationsRoundTrip(LabRun run)
    {
        var facts = run.ReadLines("probe/facts.txt").Select(l => l.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1]);
        Assert.Equal("1.2.1 size=4096", facts["info"]);
        Assert.StartsWith("IP Virtual Server version 1.2.1 (size=4096)\n", run.ReadFile("probe/info-Ln.txt"), StringComparison.Ordinal);
        foreach (var key in new[] { "get-service", "get-service-v6", "get-service-fwmark", "get-service-missing" })
        {
            Assert.True(facts[key] == "True", $"{key}: the service read back differs from the one sent");
        }
        Assert.Equal("198.51.100.11:8080/w1/u0/l0/Masquerade 198.51.100.12:8080/w4/u10/l5/Masquerade", facts["destinations"]);
        Assert.Equal("[2001:db8:1::11]:443/IpIp/0/NoChecksum 198.51.100.11:443/Gue/6080/Checksum", facts["tunnel-destinations"]);
        Assert.Equal("0", facts["destinations-missing-service"]);
        Assert.Equal(
            """
            -A -t 203.0.113.1:80 -s wrr -p 30 -M 255.255.255.0
            -a -t 203.0.113.1:80 -r 198.51.100.11:8080 -m -w 1
            -a -t 203.0.113.1:80 -r 198.51.100.12:8080 -m -w 4
            -A -t 203.0.113.1:443 -s wlc
            -a -t 203.0.113.1:443 -r 198.51.100.11:443 -i -w 1 --tun-type gue --tun-port 6080 --tun-csum
            -a -t 203.0.113.1:443 -r [2001:db8:1::11]:443 -i -w 1 --tun-type ipip
            -A -u [2001:db8::1]:53 -s sh -o -b sh-fallback
            -a -u [2001:db8::1]:53 -r [2001:db8:1::11]:53 -m -w 3
            -A -f 5 -6 -s mh -p 60 -M 48 -b mh-port
            -a -f 5 -6 -r [2001:db8:1::11]:0 -g -w 2

            """,
            run.ReadFile("probe/single-S.txt"));
        Assert.Contains("  -> 198.51.100.12:8080           10         5          0          0         \n",
            run.ReadFile("probe/single-thresholds.txt"), StringComparison.Ordinal);
        Assert.Equal("3 services, 1 destinations of web", facts["after-delete"]);

        Assert.Equal("IPVS AddService 203.0.113.1:80/TCP: service exists", facts["error-exists"]);
        Assert.Equal("IPVS AddService 203.0.113.1:82/TCP: scheduler module ip_vs_nosuch not found", facts["error-scheduler"]);
        Assert.Equal("IPVS AddDestination 198.51.100.11:80 to 203.0.113.1:83/TCP: no such service", facts["error-no-service"]);
        Assert.Equal("IPVS DeleteDestination 198.51.100.11:9999 from 203.0.113.1:80/TCP: no such destination", facts["error-no-destination"]);
        Assert.StartsWith("IPVS UpdateDestination 198.51.100.12:8080 of 203.0.113.1:80/TCP: weight or threshold out of range", facts["error-weight"], StringComparison.Ordinal);

        Assert.Equal("IpvsTimeouts { Tcp = 900, TcpFin = 100, Udp = 200 }", facts["timeouts"]);
        Assert.Equal("Timeout (tcp tcpfin udp): 900 100 200\n", run.ReadFile("probe/timeouts.txt"));
        Assert.Equal("IpvsTimeouts { Tcp = 900, TcpFin = 100, Udp = 250 }", facts["timeouts-partial"]);

        Assert.StartsWith("IPVS StartDaemon master on eth0 sync id 7: invalid argument (a real server of the other address family", facts["error-daemon-mixed"], StringComparison.Ordinal);
        Assert.Equal("Master/eth0/7/224.0.0.81/8848/1 Backup/eth0/8/224.0.0.81/8849/2", facts["daemons"]);
        Assert.Equal(
            "master sync daemon (mcast=eth0, syncid=7, maxlen=1472, group=224.0.0.81, port=8848, ttl=1)\n"
            + "backup sync daemon (mcast=eth0, syncid=8, maxlen=1472, group=224.0.0.81, port=8849, ttl=2)\n",
            run.ReadFile("probe/daemons.txt"));
        Assert.Equal("IPVS StartDaemon master on eth0 sync id 9: a sync daemon in this state is already running", facts["error-daemon-twice"]);
        Assert.Equal("0", facts["daemons-after-stop"]);

        Assert.Equal("ok", facts["zero"]);
        Assert.Equal("301 of 302 succeeded; failed: IPVS AddService 203.0.113.1:80/TCP: service exists", facts["bulk"]);
        Assert.Equal("152", facts["bulk-services"]);
        Assert.Equal("0", facts["flushed"]);
        Assert.Equal("", run.ReadFile("probe/flushed-S.txt"));
    }
}
