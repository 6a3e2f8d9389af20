using System.Collections.Concurrent;
using LvsActors.Director.Leadership;

namespace LvsActors.Director.Tests.Leadership;

/// <summary>
/// The sync daemon's worker: a change that blocks (a kernel slow to stop a daemon's thread) no longer holds its caller
/// beyond the wait it asked for, the changes after it still run after it, and a failing one does not stop the worker.
/// </summary>
public sealed class SerialWorkerTests
{
    [Fact]
    public void A_blocked_action_returns_its_caller_after_the_wait_and_keeps_the_order()
    {
        var failures = new ConcurrentQueue<Exception>();
        using var worker = new SerialWorker("test", failures.Enqueue);
        using var release = new ManualResetEventSlim();
        var order = new ConcurrentQueue<string>();

        Assert.False(worker.Run(() => { release.Wait(TimeSpan.FromSeconds(10)); order.Enqueue("slow stop"); }, TimeSpan.FromMilliseconds(50)));
        Assert.False(worker.Run(() => order.Enqueue("start"), TimeSpan.FromMilliseconds(50)));
        Assert.Empty(order);

        release.Set();
        Assert.True(worker.Run(() => order.Enqueue("next"), TimeSpan.FromSeconds(10)));
        Assert.Equal(["slow stop", "start", "next"], order);
        Assert.Empty(failures);
    }

    [Fact]
    public void A_prompt_action_is_waited_for()
    {
        using var worker = new SerialWorker("test", _ => { });
        var ran = false;

        Assert.True(worker.Run(() => ran = true, TimeSpan.FromSeconds(10)));
        Assert.True(ran);
    }

    [Fact]
    public void An_action_that_throws_is_reported_and_the_worker_goes_on()
    {
        var failures = new ConcurrentQueue<Exception>();
        using var worker = new SerialWorker("test", failures.Enqueue);

        worker.Run(() => throw new InvalidOperationException("no IPVS"), TimeSpan.FromSeconds(10));
        var ran = false;
        Assert.True(worker.Run(() => ran = true, TimeSpan.FromSeconds(10)));

        Assert.True(ran);
        Assert.Equal("no IPVS", Assert.Single(failures).Message);
    }
}
