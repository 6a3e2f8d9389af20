using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using LvsActors.Linux.Ipvs;

namespace LvsActors.Lab.Tests;

/// <summary>
/// Runs inside the guest (<c>dotnet exec LvsActors.Lab.Tests.dll ipvs-probe DIR</c>, in a namespace with eth0 on
/// 198.51.100.1/24 and 2001:db8:1::1/64): every operation of <see cref="IpvsClient"/> against the real kernel,
/// each read back through the client and through ipvsadm. Writes DIR/facts.txt (key=value, asserted by
/// <see cref="IpvsCliTests"/>) and DIR/*.txt with ipvsadm's output at each step. Leaves the table empty.
/// </summary>
internal static class IpvsProbe
{
    private static readonly IPAddress Vip = IPAddress.Parse("203.0.113.1");
    private static readonly IPAddress Rs1 = IPAddress.Parse("198.51.100.11");
    private static readonly IPAddress Rs2 = IPAddress.Parse("198.51.100.12");
    private static readonly IPAddress Vip6 = IPAddress.Parse("2001:db8::1");
    private static readonly IPAddress Rs6 = IPAddress.Parse("2001:db8:1::11");

    public static int Run(string directory)
    {
        Directory.CreateDirectory(directory);
        var facts = new List<string>();
        void Fact(string key, object? value) => facts.Add($"{key}={value}");
        void Ipvsadm(string file, params string[] args) => File.WriteAllText(Path.Combine(directory, file), RunIpvsadm(args));

        using var client = IpvsClient.Open();
        var info = client.GetInfo();
        Fact("info", $"{info.VersionText} size={info.ConnectionTableSize}");
        Ipvsadm("info-Ln.txt", "-Ln");

        // One operation at a time: add, update, read back, delete.
        var web = new IpvsService(IpvsServiceKey.Tcp(Vip, 80), "rr");
        client.AddService(web);
        client.AddDestination(web.Key, Masq(Rs1, 8080, 1));
        client.AddDestination(web.Key, Masq(Rs2, 8080, 2) with { UpperThreshold = 10, LowerThreshold = 5 });
        var persistent = web with
        {
            Scheduler = "wrr",
            Flags = IpvsServiceFlags.Persistent,
            PersistenceTimeout = 30,
            PersistencePrefixLength = 24,
        };
        client.UpdateService(persistent);
        client.UpdateDestination(web.Key, Masq(Rs2, 8080, 4) with { UpperThreshold = 10, LowerThreshold = 5 });
        var dns6 = new IpvsService(IpvsServiceKey.Udp(Vip6, 53), "sh") { Flags = IpvsServiceFlags.SchedulerFlag1 | IpvsServiceFlags.OnePacket };
        client.AddService(dns6);
        client.AddDestination(dns6.Key, Masq(Rs6, 53, 3));
        var mark = new IpvsService(IpvsServiceKey.ForFirewallMark(5, AddressFamily.InterNetworkV6), "mh")
        {
            Flags = IpvsServiceFlags.Persistent | IpvsServiceFlags.SchedulerFlag2,
            PersistenceTimeout = 60,
            PersistencePrefixLength = 48,
        };
        client.AddService(mark);
        client.AddDestination(mark.Key, new IpvsDestination(Rs6, 0) { ForwardingMethod = IpvsForwardingMethod.DirectRoute, Weight = 2 });
        var tunnel = new IpvsService(IpvsServiceKey.Tcp(Vip, 443), "wlc");
        client.AddService(tunnel);
        client.AddDestination(tunnel.Key, new IpvsDestination(Rs1, 443)
        {
            ForwardingMethod = IpvsForwardingMethod.Tunnel,
            TunnelType = IpvsTunnelType.Gue,
            TunnelPort = 6080,
            TunnelFlags = IpvsTunnelFlags.Checksum,
        });
        client.AddDestination(tunnel.Key, new IpvsDestination(Rs6, 443) { ForwardingMethod = IpvsForwardingMethod.Tunnel });
        Ipvsadm("single-S.txt", "-S", "-n");
        Ipvsadm("single-thresholds.txt", "-Ln", "--thresholds");

        Fact("get-service", client.GetService(web.Key)?.Service == persistent);
        Fact("get-service-v6", client.GetService(dns6.Key)?.Service == dns6);
        Fact("get-service-fwmark", client.GetService(mark.Key)?.Service == mark);
        Fact("get-service-missing", client.GetService(IpvsServiceKey.Tcp(Vip, 81)) is null);
        Fact("services", client.GetServices().Count);
        var destinations = client.GetDestinations(web.Key).Select(d => d.Destination).OrderBy(d => d.Address.ToString()).ToList();
        Fact("destinations", string.Join(' ', destinations.Select(d => $"{d}/w{d.Weight}/u{d.UpperThreshold}/l{d.LowerThreshold}/{d.ForwardingMethod}")));
        var tunnelled = client.GetDestinations(tunnel.Key).Select(d => d.Destination).ToList();
        Fact("tunnel-destinations", string.Join(' ', tunnelled.Select(d => $"{d}/{d.TunnelType}/{d.TunnelPort}/{d.TunnelFlags}")));
        Fact("destinations-missing-service", client.GetDestinations(IpvsServiceKey.Tcp(Vip, 81)).Count);

        client.DeleteDestination(web.Key, new IpvsDestination(Rs1, 8080));
        client.DeleteService(dns6.Key);
        Fact("after-delete", $"{client.GetServices().Count} services, {client.GetDestinations(web.Key).Count} destinations of web");

        // The kernel's refusals, worded by the client.
        Fact("error-exists", Error(() => client.AddService(web)));
        Fact("error-scheduler", Error(() => client.AddService(new IpvsService(IpvsServiceKey.Tcp(Vip, 82), "nosuch"))));
        Fact("error-no-service", Error(() => client.AddDestination(IpvsServiceKey.Tcp(Vip, 83), Masq(Rs1, 80, 1))));
        Fact("error-no-destination", Error(() => client.DeleteDestination(web.Key, new IpvsDestination(Rs1, 9999))));
        Fact("error-weight", Error(() => client.UpdateDestination(web.Key, Masq(Rs2, 8080, -1))));

        // Timeouts (ipvsadm --set), then read back both ways.
        client.SetTimeouts(new IpvsTimeouts(900, 100, 200));
        Fact("timeouts", client.GetTimeouts());
        Ipvsadm("timeouts.txt", "-L", "--timeout");
        client.SetTimeouts(new IpvsTimeouts(0, 0, 250));
        Fact("timeouts-partial", client.GetTimeouts());

        // Sync daemons: the kernel refuses them while a destination of the other family exists (the sync protocol
        // cannot carry it); then master and backup at once, then stopped.
        Fact("error-daemon-mixed", Error(() => client.StartDaemon(new IpvsDaemon(IpvsDaemonState.Master, "eth0", 7))));
        client.DeleteDestination(tunnel.Key, new IpvsDestination(Rs6, 443));
        client.StartDaemon(new IpvsDaemon(IpvsDaemonState.Master, "eth0", 7));
        client.StartDaemon(new IpvsDaemon(IpvsDaemonState.Backup, "eth0", 8) { MulticastPort = 8849, MulticastTtl = 2 });
        Fact("daemons", string.Join(' ', client.GetDaemons().OrderBy(d => d.State)
            .Select(d => $"{d.State}/{d.Interface}/{d.SyncId}/{d.MulticastGroup}/{d.MulticastPort}/{d.MulticastTtl}")));
        Ipvsadm("daemons.txt", "-L", "--daemon");
        Fact("error-daemon-twice", Error(() => client.StartDaemon(new IpvsDaemon(IpvsDaemonState.Master, "eth0", 9))));
        client.StopDaemon(IpvsDaemonState.Master);
        client.StopDaemon(IpvsDaemonState.Backup);
        Fact("daemons-after-stop", client.GetDaemons().Count);

        // Zero (no traffic here: the forwarding scenario proves counters drop to zero), bulk, flush.
        client.Zero(web.Key);
        client.Zero();
        Fact("zero", "ok");
        var bulk = Enumerable.Range(1, 150)
            .SelectMany(i => new IpvsOperation[]
            {
                new IpvsOperation.AddService(new IpvsService(IpvsServiceKey.Tcp(IPAddress.Parse($"192.0.2.{i}"), 80), "rr")),
                new IpvsOperation.AddDestination(IpvsServiceKey.Tcp(IPAddress.Parse($"192.0.2.{i}"), 80), Masq(Rs1, 80, 1)),
            })
            .Append(new IpvsOperation.AddService(web))
            .Append(new IpvsOperation.DeleteService(IpvsServiceKey.Tcp(IPAddress.Parse("192.0.2.150"), 80)))
            .ToList();
        var results = client.Execute(bulk);
        Fact("bulk", $"{results.Count(r => r.Succeeded)} of {results.Count} succeeded; failed: "
            + string.Join("; ", results.Where(r => !r.Succeeded).Select(r => r.Error!.Message)));
        Fact("bulk-services", client.GetServices().Count);
        client.Flush();
        Fact("flushed", client.GetServices().Count);
        Ipvsadm("flushed-S.txt", "-S", "-n");

        File.WriteAllLines(Path.Combine(directory, "facts.txt"), facts);
        Console.Out.Write(string.Join('\n', facts) + "\n");
        return 0;
    }

    /// <summary>Zeroes every counter through the client (ipvsadm -Z), for the forwarding scenario after its traffic.</summary>
    public static int ZeroAll()
    {
        using var client = IpvsClient.Open();
        client.Zero();
        return 0;
    }

    private static IpvsDestination Masq(IPAddress address, ushort port, int weight) =>
        new(address, port) { ForwardingMethod = IpvsForwardingMethod.Masquerade, Weight = weight };

    private static string Error(Action action)
    {
        try
        {
            action();
            return "no error";
        }
        catch (IpvsException e)
        {
            return e.Message;
        }
    }

    private static string RunIpvsadm(string[] args)
    {
        var start = new ProcessStartInfo("/usr/sbin/ipvsadm") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }
}
