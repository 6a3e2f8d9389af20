using System.Collections.Concurrent;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using LvsActors.Director.Actors;
using LvsActors.Director.Checks;
using LvsActors.Model;

namespace LvsActors.Director.Tests.Actors;

/// <summary>
/// The HealthCheckActor with a checker that loops on its own: the actor still decides every transition, retry and
/// delay, and tells the loop what to report next; with a checker that has no loop here it keeps its own timer.
/// </summary>
public sealed class HealthCheckLoopSpecs : TestKit
{
    private static readonly CheckTiming Timing = new(TimeSpan.FromSeconds(30), 1, TimeSpan.FromSeconds(7), TimeSpan.Zero, TimeSpan.FromSeconds(1));
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly CheckResult Up = CheckResult.Success("connected");
    private static readonly CheckResult Down = CheckResult.Failure("refused");

    [Fact]
    public void A_failure_while_up_is_retried_after_delay_before_retry_and_the_next_failure_takes_the_server_down()
    {
        var (loop, parent) = Start(startUp: true);
        Assert.Equal((TimeSpan.Zero, ProbeUntil.Failure), loop.NextRun());

        loop.Report(Down);
        Assert.Equal((Timing.DelayBeforeRetry, ProbeUntil.Next), loop.NextRun());
        parent.ExpectNoMsg(TimeSpan.FromMilliseconds(100));

        loop.Report(Down);
        var changed = parent.ExpectMsg<CheckStateChanged>(Wait);
        Assert.False(changed.Up);
        Assert.Equal("refused", changed.Reason);
        Assert.Equal(ProbeUntil.Success, loop.NextRun().Until);
    }

    [Fact]
    public void A_success_during_retries_keeps_the_server_up_and_resets_the_retries()
    {
        var (loop, parent) = Start(startUp: true);
        loop.NextRun();

        loop.Report(Down);
        loop.NextRun();
        loop.Report(Up);
        var (delay, until) = loop.NextRun();
        Assert.Equal(ProbeUntil.Failure, until);
        Assert.True(delay <= Timing.DelayLoop);

        // A full retry again: one failure is not enough.
        loop.Report(Down);
        Assert.Equal((Timing.DelayBeforeRetry, ProbeUntil.Next), loop.NextRun());
        parent.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void A_server_down_from_the_start_comes_up_on_its_first_reported_success()
    {
        var (loop, parent) = Start(startUp: false);
        Assert.Equal(ProbeUntil.Success, loop.NextRun().Until);

        loop.Report(Up);
        var changed = parent.ExpectMsg<CheckStateChanged>(Wait);
        Assert.True(changed.Up);
        Assert.Equal(ProbeUntil.Failure, loop.NextRun().Until);
    }

    [Fact]
    public void Every_probe_of_the_loop_is_published_reported_or_not()
    {
        Sys.EventStream.Subscribe(TestActor, typeof(CheckProbed));
        var (loop, _) = Start(startUp: true);
        loop.NextRun();

        loop.Owner!.Probed(Up, TimeSpan.FromMilliseconds(3), reported: false);
        Assert.True(ExpectMsg<CheckProbed>(Wait).Up);
        loop.Report(Down);
        Assert.False(ExpectMsg<CheckProbed>(Wait).Up);
    }

    [Fact]
    public void Stopping_the_actor_stops_its_loop()
    {
        var (loop, _) = Start(startUp: true);
        loop.NextRun();

        Sys.Stop(loop.Actor!);
        AwaitCondition(() => loop.Disposed, Wait);
    }

    [Fact]
    public void A_checker_without_a_loop_here_is_probed_on_the_actors_own_timer()
    {
        // A TCP checker built without a probe engine, as on a platform without one: nothing listens, so it is refused.
        // The connect timeout is generous: the refusal is instant, but on a busy machine (the whole suite on 2 cores)
        // its completion can reach the thread pool after a 1 s deadline has fired, and the reason is then "timed out".
        var endpoints = CheckEndpoints.For(ConnectOptions.Default, new Endpoint(System.Net.IPAddress.Loopback, (ushort)LoopbackPort.Free()));
        var parent = CreateTestProbe();
        var spec = new TcpCheckSpec(Timing with { Retry = 0, ConnectTimeout = TimeSpan.FromSeconds(5) }, ConnectOptions.Default);
        parent.ChildActorOf(HealthCheckActor.Props(0, spec, new TcpChecker(endpoints), startUp: true));

        var changed = parent.ExpectMsg<CheckStateChanged>(Wait);
        Assert.False(changed.Up);
        Assert.EndsWith("refused", changed.Reason);
    }

    private (ScriptedLoop Loop, Akka.TestKit.TestProbe Parent) Start(bool startUp)
    {
        var loop = new ScriptedLoop();
        var parent = CreateTestProbe();
        loop.Actor = parent.ChildActorOf(HealthCheckActor.Props(0, new TcpCheckSpec(Timing, ConnectOptions.Default), new ScriptedChecker(loop), startUp));
        return (loop, parent);
    }

    private sealed class ScriptedChecker(ScriptedLoop loop) : ILoopingHealthChecker
    {
        public Task<CheckResult> CheckAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("a looping checker is not probed through CheckAsync");

        public IProbeLoop StartLoop(TimeSpan interval, TimeSpan timeout, IProbeLoopOwner owner)
        {
            loop.Owner = owner;
            return loop;
        }
    }

    /// <summary>A loop whose results the test hands in, noting every run the actor asks for.</summary>
    private sealed class ScriptedLoop : IProbeLoop
    {
        private readonly BlockingCollection<(TimeSpan Delay, ProbeUntil Until)> _runs = [];

        public IProbeLoopOwner? Owner { get; set; }

        public IActorRef? Actor { get; set; }

        public volatile bool Disposed;

        public void Run(TimeSpan delay, ProbeUntil until) => _runs.Add((delay, until));

        public (TimeSpan Delay, ProbeUntil Until) NextRun() =>
            _runs.TryTake(out var run, Wait) ? run : throw new TimeoutException("the actor asked for no next run");

        public void Report(CheckResult result) => Owner!.Probed(result, TimeSpan.FromMilliseconds(1), reported: true);

        public void Dispose() => Disposed = true;
    }
}
