using LvsActors.Linux.Interop;

namespace LvsActors.Linux.Tests;

/// <summary>lvs.director.nice as the kernel sees it: every thread of the process, those started after it too.</summary>
public sealed class ProcessPriorityTests
{
    [Fact]
    public void Every_thread_takes_the_nice_value_and_threads_started_later_inherit_it()
    {
        try
        {
            Assert.Null(ProcessPriority.Set(5));
            Assert.All(ProcessPriority.Current(), nice => Assert.Equal(5, nice));

            var started = new Thread(() => Thread.Sleep(500));
            started.Start();
            Assert.All(ProcessPriority.Current(), nice => Assert.Equal(5, nice));
            started.Join();
        }
        finally
        {
            // Back to normal for the other tests of this process; lowering the value needs root (CI runs as root).
            Assert.Null(ProcessPriority.Set(0));
        }
        Assert.All(ProcessPriority.Current(), nice => Assert.Equal(0, nice));
    }
}
