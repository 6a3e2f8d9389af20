using Akka.Actor;
using Akka.TestKit.Xunit2;
using LvsActors.Configuration;
using LvsActors.Director.Actors;
using LvsActors.Director.Checks;
using LvsActors.Director.DataPlanes;
using LvsActors.Director.Notify;
using LvsActors.Model;
using Xunit.Abstractions;

namespace LvsActors.Director.Tests.Actors;

/// <summary>
/// Base of the director specs: a DirectorSupervisor on the dry-run data plane, real checkers against real
/// listeners on 127.0.0.1, and real notify programs.
/// </summary>
public abstract class DirectorSpec : TestKit
{
    /// <summary>Short timings so that transitions happen within a second or two.</summary>
    protected const string FastChecks = "delay-loop = 200ms, retry = 1, delay-before-retry = 100ms, connect-timeout = 500ms, warmup = 100ms";

    protected DirectorSpec(ITestOutputHelper output) : base("akka.loglevel = INFO", output: output)
    {
    }

    protected DryRunDataPlane DataPlane { get; } = new();

    protected static LvsConfig Config(string text)
    {
        var result = LvsConfigLoader.Load(text, "spec.conf");
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        return result.Value!;
    }

    protected IActorRef StartDirector(LvsConfig config, DirectorSettings? settings = null) =>
        Sys.ActorOf(DirectorSupervisor.Props(config, DataPlane, Services(), settings ?? DirectorSettings.Default), "director");

    protected static DirectorServices Services() =>
        new(HealthCheckers.Create, new ProcessNotifier(TimeSpan.FromSeconds(10), Serilog.Log.Logger));

    /// <summary>Waits until the dry-run table renders as <paramref name="expected"/> (ipvsadm -S -n lines).</summary>
    protected void AwaitTable(string expected, TimeSpan? within = null) =>
        AwaitAssert(() => Assert.Equal(expected, DataPlane.Render()), within ?? TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(20));

    protected static string Rs(ushort port) => $"127.0.0.1:{port}";

    /// <summary>The expected -S -n text of a TCP service on 127.0.0.1 with real servers on loopback ports, in ipvsadm's order.</summary>
    protected static string Table(string vip, string scheduler, params (ushort Port, int Weight)[] servers) =>
        $"-A -t {vip} -s {scheduler}\n" + string.Concat(servers.OrderBy(s => s.Port).Select(s => $"-a -t {vip} -r {Rs(s.Port)} -m -w {s.Weight}\n"));
}
