using System.Runtime.InteropServices;

namespace LvsActors.Linux.Interop;

/// <summary>
/// The director's CPU priority, as nice(1) counts it (keepalived: process_priority). Linux keeps a nice value per
/// thread and a new thread takes its creator's, so every thread the process already has gets it, and the threads
/// started later take it from them. Why a director wants it: the lease renewals must run within the lease however busy
/// the host is, and at nice -10 a thread weighs about nine times a normal one and gets the CPU soon after it wakes.
/// </summary>
public static partial class ProcessPriority
{
    private const int PrioProcess = 0;
    private const int NoSuchThread = 3; // ESRCH: the thread ended between the listing and the call

    /// <summary>Sets every thread of this process to <paramref name="nice"/>; null, or what failed.</summary>
    public static string? Set(int nice)
    {
        // Twice: a thread started during the first pass by a thread not yet changed took the old value.
        string? failure = null;
        for (var pass = 0; pass < 2 && failure is null; pass++)
        {
            foreach (var tid in Threads())
            {
                if (setpriority(PrioProcess, tid, nice) != 0 && Marshal.GetLastPInvokeError() is var errno and not NoSuchThread)
                {
                    failure = $"setpriority(thread {tid}, {nice}): {Marshal.GetPInvokeErrorMessage(errno)}";
                    break;
                }
            }
        }
        return failure;
    }

    /// <summary>
    /// Puts every thread of this process under SCHED_RR at <paramref name="priority"/> (1-99; keepalived:
    /// vrrp_rt_priority, checker_rt_priority): ahead of every normal process on the machine, so that another process's
    /// CPU load cannot delay a lease renewal at all. The kernel's real-time throttling (sched_rt_runtime_us, 95 % of
    /// each second by default) still leaves the rest of the machine its share should the director spin. Null, or what failed.
    /// </summary>
    /// <remarks>
    /// With SCHED_RESET_ON_FORK: the notify programs and check scripts the director starts run under the normal
    /// scheduler, never real-time. The kernel applies that to new threads too, so a thread the runtime starts later
    /// begins normal; calling this again (the director does, every 2 s) brings it in, touching only those threads.
    /// </remarks>
    public static string? SetRealtime(int priority)
    {
        string? failure = null;
        var param = priority;
        for (var pass = 0; pass < 2 && failure is null; pass++)
        {
            foreach (var tid in Threads())
            {
                if (sched_getscheduler(tid) == (SchedRr | SchedResetOnFork))
                {
                    continue;
                }
                if (sched_setscheduler(tid, SchedRr | SchedResetOnFork, ref param) != 0 && Marshal.GetLastPInvokeError() is var errno and not NoSuchThread)
                {
                    failure = $"sched_setscheduler(thread {tid}, SCHED_RR, {priority}): {Marshal.GetPInvokeErrorMessage(errno)}";
                    break;
                }
            }
        }
        return failure;
    }

    /// <summary>The scheduling policy of each thread of this process now (field 41 of /proc/self/task/TID/stat: 0 normal, 2 SCHED_RR).</summary>
    public static IReadOnlyList<int> Policies() =>
        Threads().Select(tid => TryRead($"/proc/self/task/{tid}/stat")).OfType<string>()
            .Select(stat => int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[38], System.Globalization.CultureInfo.InvariantCulture))
            .ToList();

    /// <summary>The nice value of each thread of this process now (field 19 of /proc/self/task/TID/stat).</summary>
    public static IReadOnlyList<int> Current() =>
        Threads().Select(tid => TryRead($"/proc/self/task/{tid}/stat")).OfType<string>()
            .Select(stat => int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[16], System.Globalization.CultureInfo.InvariantCulture))
            .ToList();

    private static IEnumerable<int> Threads() =>
        Directory.EnumerateDirectories("/proc/self/task").Select(Path.GetFileName).Select(name => int.TryParse(name, out var tid) ? tid : 0).Where(tid => tid > 0);

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }
    }

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int setpriority(int which, int who, int prio);

    // struct sched_param { int sched_priority; }, passed by reference; SCHED_RR and SCHED_RESET_ON_FORK from linux/sched.h
    // (sched_getscheduler reports the flag with the policy).
    private const int SchedRr = 2;
    private const int SchedResetOnFork = 0x40000000;

    [LibraryImport("libc", EntryPoint = "sched_getscheduler", SetLastError = true)]
    private static partial int sched_getscheduler(int pid);

    [LibraryImport("libc", EntryPoint = "sched_setscheduler", SetLastError = true)]
    private static partial int sched_setscheduler(int pid, int policy, ref int param);
}
