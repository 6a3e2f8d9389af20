namespace LvsActors.Director.Hosting;

/// <summary>The thread pool's minimum for a process hosting a cluster member (a director, or the cluster specs).</summary>
public static class ThreadPoolFloor
{
    /// <summary>
    /// On a host with one or two CPUs the thread pool starts with as many workers and adds one only about every half
    /// second while its work waits: a blocking call (a netlink round trip, a script's start, the journal) then holds
    /// back the cluster's heartbeats for longer than the failure detector's pause, and a healthy director is downed.
    /// (The kernel lab's one CPU showed heartbeats 0.2–1.8 s late; the floor removes the pool's share of such delays,
    /// not a starved CPU's.)
    /// </summary>
    public static void Apply()
    {
        const int Workers = 16;
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, Workers), Math.Max(completionPorts, Workers));
    }
}
