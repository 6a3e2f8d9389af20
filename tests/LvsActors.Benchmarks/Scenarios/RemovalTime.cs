using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using LvsActors.Configuration;
using LvsActors.Director;
using LvsActors.Director.Actors;
using LvsActors.Director.Checks;
using LvsActors.Director.DataPlanes;
using LvsActors.Director.Notify;
using LvsActors.Model;
using Serilog;

namespace LvsActors.Benchmarks.Scenarios;

/// <summary>
/// How long a dead real server stays in the table: a real listener on 127.0.0.1 is closed (connects are then
/// refused, as after a crash with RST) at a random moment of the check cycle, and the time until the desired table
/// no longer holds it is measured, RUNS times. Arguments: RUNS DELAY-LOOP RETRY DELAY-BEFORE-RETRY CONNECT-TIMEOUT.
/// </summary>
internal static class RemovalTime
{
    public static async Task<int> RunAsync(string[] args)
    {
        var runs = int.Parse(args[0]);
        var (delayLoop, retry, delayBeforeRetry, connectTimeout) = (args[1], int.Parse(args[2]), args[3], args[4]);
        var bound = DurationText.Parse(delayLoop)!.Value + DurationText.Parse(connectTimeout)!.Value + retry * DurationText.Parse(delayBeforeRetry)!.Value;
        var port = LoopbackPort.Free();
        var config = LvsConfigLoader.Load($$"""
            lvs.virtual-services.web {
              address = "127.0.0.1:18099"
              scheduler = rr
              delay-loop = {{delayLoop}}, retry = {{retry}}, delay-before-retry = {{delayBeforeRetry}}, connect-timeout = {{connectTimeout}}
              real-servers = [ { address = "127.0.0.1:{{port}}", checks = [ { type = tcp } ] } ]
            }
            """, "removal.conf");
        using var log = new Serilog.LoggerConfiguration().MinimumLevel.Warning().WriteTo.Console().CreateLogger();
        var dataPlane = new DryRunDataPlane();
        await using var host = DirectorHost.Start(config.Value!, config.Document, dataPlane,
            new DirectorServices(HealthCheckers.Create, new ProcessNotifier(TimeSpan.FromSeconds(5), log)), LogLevel.Warning);
        var times = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            using var listener = Listen(port);
            await WaitAsync(() => dataPlane.Table.Any(s => s.Destinations.Count == 1), TimeSpan.FromSeconds(30));
            // Die at a random phase of the check cycle.
            await Task.Delay(Random.Shared.Next(0, (int)DurationText.Parse(delayLoop)!.Value.TotalMilliseconds));
            listener.Dispose();
            var died = Stopwatch.StartNew();
            await WaitAsync(() => dataPlane.Table.All(s => s.Destinations.Count == 0), TimeSpan.FromSeconds(60));
            times.Add(died.Elapsed.TotalSeconds);
            Console.Error.WriteLine($"run {run + 1}: {died.Elapsed.TotalSeconds:0.000} s");
        }
        times.Sort();
        Console.WriteLine($"removal after death, {runs} runs: median {Percentile(times, 0.5):0.000} s, p10 {Percentile(times, 0.1):0.000} s, " +
            $"p90 {Percentile(times, 0.9):0.000} s, min {times[0]:0.000} s, max {times[^1]:0.000} s; bound delay-loop + connect-timeout + retry × delay-before-retry = {bound.TotalSeconds:0.000} s");
        return 0;
    }

    /// <summary>A real server that accepts and closes; disposing it is its death.</summary>
    private static Socket Listen(int port)
    {
        var socket = RealServerSocket.Listen(new IPEndPoint(IPAddress.Loopback, port), backlog: 64);
        _ = RealServerSocket.AcceptAsync(socket, client =>
        {
            client.Dispose();
            return Task.CompletedTask;
        });
        return socket;
    }

    private static async Task WaitAsync(Func<bool> condition, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > limit)
            {
                throw new TimeoutException("the table did not change in time");
            }
            await Task.Delay(1);
        }
    }

    private static double Percentile(List<double> sorted, double p) => sorted[(int)Math.Round(p * (sorted.Count - 1))];
}
