using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace LvsActors.Benchmarks.Scenarios;

/// <summary>
/// The real servers of the health-check benchmark, in their own process so that their cost is not charged to the
/// checker under test: listeners on 0.0.0.0 for a range of ports, so every 127.x.y.z:port is a distinct real server.
/// It counts the probes in a measurement window. Both peers probe half-open (SYN, SYN-ACK, reset), so probes never
/// reach accept(); the kernel's count of connections opened on this host counts them alike, one per probe, provided
/// nothing else on the machine opens connections meanwhile.
/// Arguments: FIRST-PORT PORTS WARMUP-SECONDS WINDOW-SECONDS. Prints one JSON line.
/// </summary>
internal static class CheckListeners
{
    public static async Task<int> RunAsync(string[] args)
    {
        var firstPort = int.Parse(args[0]);
        var ports = int.Parse(args[1]);
        var warmup = TimeSpan.FromSeconds(double.Parse(args[2]));
        var window = TimeSpan.FromSeconds(double.Parse(args[3]));
        var listeners = Enumerable.Range(firstPort, ports).Select(Listen).ToList();
        var drains = listeners.Select(DrainAsync).ToList();
        Console.Error.WriteLine($"listening on 0.0.0.0:{firstPort}-{firstPort + ports - 1}");
        await Task.Delay(warmup);
        var before = ActiveOpens();
        await Task.Delay(window);
        var probes = ActiveOpens() - before;
        listeners.ForEach(l => l.Dispose());
        await Task.WhenAll(drains);
        Console.WriteLine(JsonSerializer.Serialize(new { probes, probesPerSecond = probes / window.TotalSeconds }));
        return 0;
    }

    private static Socket Listen(int port) => RealServerSocket.Listen(new IPEndPoint(IPAddress.Any, port), backlog: 4096);

    /// <summary>Accepts and resets whatever completes a handshake, so that the backlog never fills.</summary>
    private static Task DrainAsync(Socket listener) => RealServerSocket.AcceptAsync(listener, client =>
    {
        RealServerSocket.Reset(client);
        return Task.CompletedTask;
    });

    /// <summary>Tcp ActiveOpens from /proc/net/snmp: connections this host started (a SYN sent).</summary>
    private static long ActiveOpens()
    {
        var lines = File.ReadAllLines("/proc/net/snmp").Where(l => l.StartsWith("Tcp:", StringComparison.Ordinal)).ToArray();
        var names = lines[0].Split(' ');
        var values = lines[1].Split(' ');
        return long.Parse(values[Array.IndexOf(names, "ActiveOpens")]);
    }
}
