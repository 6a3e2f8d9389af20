using System.Diagnostics;
using System.Runtime.InteropServices;

namespace LvsActors.Director.Tests.Checks.Servers;

/// <summary>
/// Runs a probe on a thread of its own that has been moved into a new, empty network namespace. Its loopback starts
/// down, and its sysctls (net.ipv4.ping_group_range) are its own, so a test can change them without touching the
/// host's. Sockets opened before the probe's first await live in that namespace for their whole life.
/// </summary>
internal static class IsolatedNetwork
{
    private const int CloneNewNet = 0x40000000;

    [DllImport("libc", SetLastError = true)]
    private static extern int unshare(int flags);

    /// <summary>Starts <paramref name="probe"/> in a new network namespace, after bringing its loopback up and setting its ping group range when asked.</summary>
    public static Task<T> RunAsync<T>(bool loopbackUp, string? pingGroupRange, Func<Task<T>> probe)
    {
        var started = new TaskCompletionSource<Task<T>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                var host = CurrentNamespace();
                if (unshare(CloneNewNet) != 0)
                {
                    throw new InvalidOperationException($"unshare(CLONE_NEWNET) failed with errno {Marshal.GetLastPInvokeError()}; these tests need root");
                }
                // Never write a sysctl unless this thread has really left the host's namespace.
                if (CurrentNamespace() == host)
                {
                    throw new InvalidOperationException("the thread is still in the host's network namespace");
                }
                if (loopbackUp)
                {
                    // Started from this thread, the child inherits its namespace.
                    using var ip = Process.Start("ip", ["link", "set", "lo", "up"]);
                    ip.WaitForExit();
                    if (ip.ExitCode != 0)
                    {
                        throw new InvalidOperationException($"ip link set lo up exited {ip.ExitCode}");
                    }
                }
                if (pingGroupRange is not null)
                {
                    File.WriteAllText("/proc/sys/net/ipv4/ping_group_range", pingGroupRange);
                }
                started.SetResult(probe());
            }
            catch (Exception e)
            {
                started.SetException(e);
            }
        });
        thread.Start();
        return started.Task.Unwrap();
    }

    /// <summary>The network namespace of the calling thread, as the kernel names it (net:[inode]).</summary>
    public static string CurrentNamespace() => new FileInfo("/proc/thread-self/ns/net").LinkTarget!;
}
