using System.Net;
using LvsActors.Director.Actors;
using LvsActors.Director.Checks;
using LvsActors.Model;

namespace LvsActors.Admin.Tests;

/// <summary>The hook of the check latency histograms: every probe is published with its duration and labels.</summary>
public sealed class CheckProbedSpecs : Akka.TestKit.Xunit2.TestKit
{
    [Fact]
    public void Every_probe_is_published_with_service_real_server_kind_and_duration()
    {
        Sys.EventStream.Subscribe(TestActor, typeof(CheckProbed));
        var timing = new CheckTiming(TimeSpan.FromSeconds(60), 1, TimeSpan.FromSeconds(1), TimeSpan.Zero, TimeSpan.FromSeconds(1));
        var endpoint = new Endpoint(IPAddress.Parse("198.51.100.11"), 80);
        Sys.ActorOf(HealthCheckActor.Props(0, new TcpCheckSpec(timing, ConnectOptions.Default), new SlowChecker(), true, "web", endpoint));

        var probed = ExpectMsg<CheckProbed>(TimeSpan.FromSeconds(10));
        Assert.Equal(("web", endpoint, 0, "tcp", true), (probed.VirtualService, probed.RealServer, probed.Check, probed.Kind, probed.Up));
        Assert.True(probed.Duration >= TimeSpan.FromMilliseconds(15), $"duration {probed.Duration}");
    }

    private sealed class SlowChecker : IHealthChecker
    {
        public async Task<CheckResult> CheckAsync(TimeSpan timeout, CancellationToken cancellationToken)
        {
            await Task.Delay(20, cancellationToken);
            return CheckResult.Success("connected");
        }
    }
}
