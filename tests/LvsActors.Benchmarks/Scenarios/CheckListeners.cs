using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace LvsActors.Benchmarks.Scenarios;

/// <summary>
/// The real servers of the health-check benchmark, in their own process so that their cost is not charged to the
/// checker under test: listeners on 0.0.0.0 for a range of ports, so every 127.x.y.z:port is a distinct real
/// server. It counts the probes in a measurement window and, from the connections it accepts, how regular they are.
/// Arguments: FIRST-PORT PORTS WARMUP-SECONDS WINDOW-SECONDS INTERVAL-SECONDS. Prints one JSON line.
/// </summary>
internal static class CheckListeners
{
    public static async Task<int> RunAsync(string[] args)
    {
        var firstPort = int.Parse(args[0]);
        var ports = int.Parse(args[1]);
        var warmup = TimeSpan.FromSeconds(double.Parse(args[2]));
        var window = TimeSpan.FromSeconds(double.Parse(args[3]));
        var interval = TimeSpan.FromSeconds(double.Parse(args[4]));
        var accepts = new ConcurrentDictionary<IPEndPoint, List<long>>();
        var start = Stopwatch.GetTimestamp();
        using var stop = new CancellationTokenSource(warmup + window + TimeSpan.FromSeconds(1));
        var loops = Enumerable.Range(firstPort, ports).Select(port => AcceptAsync(port, accepts, stop.Token)).ToList();
        Console.Error.WriteLine($"listening on 0.0.0.0:{firstPort}-{firstPort + ports - 1}");
        // HAProxy's layer-4 check resets the connection on the SYN-ACK, so the listener never sees it; the kernel's
        // count of connections opened on this host (checker and listeners share it) counts both peers alike, one per
        // probe, provided nothing else on the machine opens connections meanwhile.
        await Task.Delay(warmup);
        var opensBefore = ActiveOpens();
        await Task.Delay(window);
        var opens = ActiveOpens() - opensBefore;
        await Task.WhenAll(loops);

        var from = warmup.TotalSeconds;
        var to = (warmup + window).TotalSeconds;
        long probes = 0, intervals = 0, onTime = 0;
        foreach (var times in accepts.Values)
        {
            List<double> seconds;
            lock (times)
            {
                seconds = times.Select(t => Stopwatch.GetElapsedTime(start, t).TotalSeconds).Where(s => s >= from && s < to).Order().ToList();
            }
            probes += seconds.Count;
            for (var i = 1; i < seconds.Count; i++)
            {
                intervals++;
                // On time: the next probe came no later than 10 % after the configured interval.
                if (seconds[i] - seconds[i - 1] <= interval.TotalSeconds * 1.1)
                {
                    onTime++;
                }
            }
        }
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            realServers = accepts.Count,
            probes = opens,
            probesPerSecond = opens / window.TotalSeconds,
            acceptedProbes = probes,
            onTimeFraction = intervals == 0 ? 0 : (double)onTime / intervals,
        }));
        return 0;
    }

    /// <summary>Tcp ActiveOpens from /proc/net/snmp: connections this host started (a SYN sent).</summary>
    private static long ActiveOpens()
    {
        var lines = File.ReadAllLines("/proc/net/snmp").Where(l => l.StartsWith("Tcp:", StringComparison.Ordinal)).ToArray();
        var names = lines[0].Split(' ');
        var values = lines[1].Split(' ');
        return long.Parse(values[Array.IndexOf(names, "ActiveOpens")]);
    }

    private static async Task AcceptAsync(int port, ConcurrentDictionary<IPEndPoint, List<long>> accepts, CancellationToken stop)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        socket.Bind(new IPEndPoint(IPAddress.Any, port));
        socket.Listen(4096);
        try
        {
            while (true)
            {
                using var client = await socket.AcceptAsync(stop);
                var now = Stopwatch.GetTimestamp();
                try
                {
                    var times = accepts.GetOrAdd((IPEndPoint)client.LocalEndPoint!, _ => []);
                    lock (times)
                    {
                        times.Add(now);
                    }
                    // Reset on close: no TIME_WAIT piles up on this side.
                    client.LingerState = new LingerOption(true, 0);
                }
                catch (SocketException)
                {
                    // HAProxy's check resets the connection at once; it was accepted, which is what counts.
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The measurement is over.
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"listener {port} stopped: {e}");
        }
    }
}
