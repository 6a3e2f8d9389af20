using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Actor;
using LvsActors.Director.Actors;
using LvsActors.Director.Checks;
using LvsActors.Director.DataPlanes;
using LvsActors.Model;
using Xunit.Abstractions;

namespace LvsActors.Director.Tests.Actors;

/// <summary>Many checkers do not fire in the same millisecond: each starts after a random part of its warmup.</summary>
public sealed class WarmupSpecs(ITestOutputHelper output) : DirectorSpec(output)
{
    /// <summary>The real TCP checker, noting when each probe starts: the actor's scheduling is what is under test.</summary>
    private sealed class Noted(IHealthChecker inner, ConcurrentQueue<long> starts) : IHealthChecker
    {
        public Task<CheckResult> CheckAsync(TimeSpan timeout, CancellationToken cancellationToken)
        {
            starts.Enqueue(Stopwatch.GetTimestamp());
            return inner.CheckAsync(timeout, cancellationToken);
        }
    }

    [Fact]
    public void First_probes_spread_over_the_warmup()
    {
        using var listener = new Listener();
        const int servers = 300;
        var starts = new ConcurrentQueue<long>();
        var services = Services() with { CreateChecker = (spec, rs) => new Noted(HealthCheckers.Create(spec, rs), starts) };
        var realServers = string.Join("\n", Enumerable.Range(0, servers).Select(i =>
            $"{{ address = \"127.0.0.{1 + i / 250}:{20000 + i}\", checks = [ {{ type = tcp, connect-address = 127.0.0.1, connect-port = {listener.Port} }} ] }}"));
        var start = Stopwatch.GetTimestamp();
        Sys.ActorOf(DirectorSupervisor.Props(Config($$"""
            lvs.virtual-services.web {
              address = "127.0.0.1:18085"
              scheduler = rr
              delay-loop = 60s
              warmup = 2s
              real-servers = [
            {{realServers}}
              ]
            }
            """), DataPlane, services, DirectorSettings.Default), "director");

        AwaitAssert(() => Assert.Equal(servers, starts.Count), TimeSpan.FromSeconds(15));
        var seconds = starts.Select(t => Stopwatch.GetElapsedTime(start, t).TotalSeconds).Order().ToList();
        // Uniform over 2 s, 300 probes put about 15 in any 100 ms; all at once would put 300 there. The bound is loose
        // because a fresh process stalls on the JIT once, and probes that fell due during the stall start together.
        var busiest = seconds.Select((s, i) => seconds.Skip(i).TakeWhile(x => x - s < 0.1).Count()).Max();
        Assert.True(busiest < servers / 2, $"{busiest} of {servers} first probes started within 100 ms; at {string.Join(" ", seconds.Where((_, i) => i % 15 == 0).Select(s => s.ToString("0.00")))}");
        Assert.True(seconds[^1] - seconds[0] > 1.0, $"first probes spanned only {seconds[^1] - seconds[0]:0.000} s of a 2 s warmup");
    }
}
