using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace LvsActors.Benchmarks.Scenarios;

/// <summary>
/// The real servers of the health-check benchmark, in their own process so that their cost is not charged to the
/// checker under test: listeners on 0.0.0.0 for a range of ports, so every 127.x.y.z:port is a distinct real server.
/// It counts the probes in a measurement window. Both peers probe half-open (SYN, SYN-ACK, reset), so probes never
/// reach accept(); the kernel's count of connections opened on this host counts them alike, one per probe, provided
/// nothing else on the machine opens connections meanwhile. With "http" they are web servers instead: each connection
/// is read once and answered <c>200 OK</c> with a two-byte body, then closed, as HTTP checks need (one connection per
/// check for both peers).
/// Arguments: FIRST-PORT PORTS WARMUP-SECONDS WINDOW-SECONDS [tcp|http]. Prints one JSON line.
/// </summary>
internal static class CheckListeners
{
    public static async Task<int> RunAsync(string[] args)
    {
        var firstPort = int.Parse(args[0]);
        var ports = int.Parse(args[1]);
        var warmup = TimeSpan.FromSeconds(double.Parse(args[2]));
        var window = TimeSpan.FromSeconds(double.Parse(args[3]));
        var http = args.Length > 4 && args[4] == "http";
        var listeners = Enumerable.Range(firstPort, ports).Select(Listen).ToList();
        var drains = listeners.Select(l => http ? AnswerAsync(l) : DrainAsync(l)).ToList();
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

    private static readonly byte[] Ok = "HTTP/1.0 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok"u8.ToArray();

    /// <summary>Reads the request (one read: a check's GET fits in one segment) and answers 200 OK, then closes.</summary>
    private static Task AnswerAsync(Socket listener) => RealServerSocket.AcceptAsync(listener, async client =>
    {
        var request = new byte[2048];
        try
        {
            if (await client.ReceiveAsync(request, SocketFlags.None) > 0)
            {
                await client.SendAsync(Ok, SocketFlags.None);
            }
        }
        catch (SocketException)
        {
            // A checker that gave up resets: nothing to answer.
        }
        client.Dispose();
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
