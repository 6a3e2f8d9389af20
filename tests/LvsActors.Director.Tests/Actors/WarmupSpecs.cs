using System.Collections.Concurrent;
using System.Diagnostics;
using LvsActors.Director.Actors;
using LvsActors.Director.Checks;
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
        // Spread over the 2 s warmup. A stall of the process (the JIT at start, a starved CPU) delays the probes that
        // fall due during it and they then start together, so when they start says little about how they were
        // spread: the next spec checks the spread itself; this one that all ran and did not start at once.
        Assert.True(seconds[^1] - seconds[0] > 1.0, $"first probes spanned only {seconds[^1] - seconds[0]:0.000} s of a 2 s warmup");
    }

    [Fact]
    public void First_probe_delays_are_uniform_over_the_warmup()
    {
        var timing = CheckTiming.Default with { Warmup = TimeSpan.FromSeconds(2) };
        var random = new Random(7);
        var delays = Enumerable.Range(0, 10_000).Select(_ => HealthCheckActor.FirstProbeDelay(timing, random)).ToList();

        Assert.All(delays, d => Assert.InRange(d, TimeSpan.Zero, TimeSpan.FromSeconds(2)));
        // Twenty 100 ms slots get 500 each on average; every one between 400 and 600 (over 4 standard deviations).
        var slots = delays.GroupBy(d => (int)(d.TotalMilliseconds / 100)).Select(g => g.Count()).ToList();
        Assert.Equal(20, slots.Count);
        Assert.All(slots, n => Assert.InRange(n, 400, 600));
        Assert.Equal(TimeSpan.Zero, HealthCheckActor.FirstProbeDelay(CheckTiming.Default with { Warmup = TimeSpan.Zero }, random));
    }
}
