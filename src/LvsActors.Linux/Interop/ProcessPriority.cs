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
    private const int MaxPasses = 20;

    /// <summary>Sets every thread of this process to <paramref name="nice"/>; null, or what failed.</summary>
    public static string? Set(int nice) =>
        Sweep(tid => NiceOf(tid) == nice, tid => setpriority(PrioProcess, tid, nice), tid => $"setpriority(thread {tid}, {nice})");

    /// <summary>
    /// Puts every thread of this process under SCHED_RR (keepalived: vrrp_rt_priority, checker_rt_priority): ahead of
    /// every normal process on the machine, so that another process's CPU load cannot delay a lease renewal at all. The
    /// kernel's real-time throttling (sched_rt_runtime_us, 95 % of each second by default) still leaves the rest of the
    /// machine its share should the director spin. <paramref name="level"/> is the priority every thread runs at:
    /// <paramref name="priority"/> (1-99), or the runtime's own (below). Null, or what failed.
    /// </summary>
    /// <remarks>
    /// Threads started later are under SCHED_RR from their first moment: they inherit the policy from the thread that
    /// starts them. (With SCHED_RESET_ON_FORK on every thread, as first built, each new thread began normal until a
    /// sweep every 2 s brought it in, and in the kernel lab a starved owner's heartbeats went out 3 s late while a
    /// real-time thread beside them was on time.) But not the priority: the .NET runtime gives every thread it starts
    /// a priority of its choosing within the policy's range (50 of 1-99: a normal managed thread's place in it),
    /// whatever its creator's. With the threads there at start set to 1, every thread started later — the thread pool's
    /// workers, the lag watch — ran at 50, and two workers spinning at 50 held both cores of a host while the main
    /// thread, the timer thread and the signal handler waited at 1: start-up took seconds, and a SIGTERM 1 to 3 s, in
    /// the kernel lab longer than the owner's lease, which lapsed before the graceful hand-over could release it. So
    /// every thread runs at one priority: the one the runtime gives a new thread, measured by starting one, where it
    /// differs from <paramref name="priority"/>. The programs the director starts must not inherit the policy:
    /// <see cref="ForkNormal{T}"/>.
    /// <para>One thread stays under the normal scheduler: the runtime's signal thread (System.Native's, named
    /// <c>.NET SigHandler</c>). On SIGTERM it starts a thread for the handlers and waits for it to run by yielding in
    /// a loop; that new thread comes out under the normal scheduler whatever its creator's policy, and a real-time
    /// creator's yield gives the CPU to no normal thread. With one CPU (each kernel lab guest) the handlers waited until
    /// the kernel's real-time throttling let a normal thread in, about 1 s, longer than either profile's lease: the
    /// owner's lease lapsed before its graceful hand-over could run. Under the normal scheduler, at the director's nice
    /// value like the thread it starts, the wait is a yield.</para>
    /// </remarks>
    public static string? SetRealtime(int priority, out int level)
    {
        level = priority;
        if (SweepRealtime(priority) is { } failure)
        {
            return failure;
        }
        level = NewThreadPriority() ?? priority;
        return level == priority ? null : SweepRealtime(level);
    }

    private static string? SweepRealtime(int priority)
    {
        var param = priority;
        var normal = 0;
        // Named once: the signal thread exists before the sweep (the director registers for SIGHUP first).
        var signal = Threads().Where(tid => TryRead($"/proc/self/task/{tid}/comm")?.TrimEnd('\n') == SignalThreadName).ToHashSet();
        return Sweep(tid => RealtimeOf(tid) == (signal.Contains(tid) ? 0 : priority),
            tid => signal.Contains(tid) ? sched_setscheduler(tid, SchedOther, ref normal) : sched_setscheduler(tid, SchedRr, ref param),
            tid => signal.Contains(tid) ? $"sched_setscheduler(thread {tid}, SCHED_OTHER, 0)" : $"sched_setscheduler(thread {tid}, SCHED_RR, {priority})");
    }

    /// <summary>The name the runtime gives its signal thread, which <see cref="SetRealtime"/> leaves under the normal scheduler.</summary>
    public const string SignalThreadName = ".NET SigHandler";

    // A thread's SCHED_RR priority; 0 under another policy, or when it cannot be read (the thread ended).
    private static int RealtimeOf(int tid)
    {
        var param = 0;
        return (sched_getscheduler(tid) & ~SchedResetOnFork) == SchedRr && sched_getparam(tid, ref param) == 0 ? param : 0;
    }

    // The SCHED_RR priority a thread started now runs at; null when the runtime left it under another policy.
    private static int? NewThreadPriority()
    {
        var seen = 0;
        var probe = new Thread(() => seen = RealtimeOf(0)) { IsBackground = true, Name = "lvs-rt-probe" };
        probe.Start();
        probe.Join();
        return seen > 0 ? seen : null;
    }

    // Until a pass finds every thread set: a thread that a not yet changed thread starts during a pass takes the old
    // value, and so does every thread it starts later. Two fixed passes were not enough when the thread pool was
    // adding workers at the time (each new worker started by the newest). Null, or what failed.
    private static string? Sweep(Func<int, bool> isSet, Func<int, int> set, Func<int, string> call)
    {
        for (var pass = 0; pass < MaxPasses; pass++)
        {
            var changed = 0;
            foreach (var tid in Threads().Where(tid => !isSet(tid)))
            {
                if (set(tid) == 0)
                {
                    changed++;
                }
                else if (Marshal.GetLastPInvokeError() is var errno and not NoSuchThread)
                {
                    return $"{call(tid)}: {Marshal.GetPInvokeErrorMessage(errno)}";
                }
            }
            if (changed == 0)
            {
                return null;
            }
        }
        return $"threads kept starting with the old value through {MaxPasses} passes";
    }

    /// <summary>
    /// Runs <paramref name="fork"/>, which starts a program from this thread (Process.Start forks the calling thread),
    /// so that the program runs as any normal process does: the normal scheduler, nice 0 — not the director's real-time
    /// priority or negative nice value, which a check script or notify program that spins would turn against the
    /// director itself. SCHED_RESET_ON_FORK, set on this thread for the call only, has the kernel reset both in the child.
    /// </summary>
    public static T ForkNormal<T>(Func<T> fork)
    {
        var policy = sched_getscheduler(0);
        if (policy < 0 || (policy & SchedResetOnFork) != 0 || (policy != SchedRr && Nice() >= 0))
        {
            return fork();
        }
        var param = 0;
        if (sched_getparam(0, ref param) != 0 || sched_setscheduler(0, policy | SchedResetOnFork, ref param) != 0)
        {
            return fork();
        }
        try
        {
            return fork();
        }
        finally
        {
            // Clearing the flag again needs the privilege that set the priority in the first place.
            sched_setscheduler(0, policy, ref param);
        }
    }

    // This thread's nice value; 0 when it cannot be read (getpriority returns -1 both as a value and as an error).
    private static int Nice() => NiceOf(0) ?? 0;

    // A thread's nice value (0: the calling thread); null when it cannot be read (the thread ended).
    private static int? NiceOf(int tid)
    {
        Marshal.SetLastPInvokeError(0);
        var nice = getpriority(PrioProcess, tid);
        return nice == -1 && Marshal.GetLastPInvokeError() != 0 ? null : nice;
    }

    /// <summary>The scheduling policy of each thread of this process now (field 41 of /proc/self/task/TID/stat: 0 normal, 2 SCHED_RR).</summary>
    public static IReadOnlyList<int> Policies() => StatField(41);

    /// <summary>The real-time priority of each thread of this process now (field 40 of /proc/self/task/TID/stat; 0 normal).</summary>
    public static IReadOnlyList<int> RealtimePriorities() => StatField(40);

    // Field FIELD (1-based, as proc(5) counts) of every thread's stat, counted after the command's closing parenthesis.
    private static IReadOnlyList<int> StatField(int field) =>
        Threads().Select(tid => TryRead($"/proc/self/task/{tid}/stat")).OfType<string>()
            .Select(stat => int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[field - 3], System.Globalization.CultureInfo.InvariantCulture))
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

    [LibraryImport("libc", EntryPoint = "getpriority", SetLastError = true)]
    private static partial int getpriority(int which, int who);

    // struct sched_param { int sched_priority; }, passed by reference; SCHED_RR and SCHED_RESET_ON_FORK from linux/sched.h
    // (sched_getscheduler reports the flag with the policy).
    private const int SchedOther = 0;
    private const int SchedRr = 2;
    private const int SchedResetOnFork = 0x40000000;

    [LibraryImport("libc", EntryPoint = "sched_getscheduler", SetLastError = true)]
    private static partial int sched_getscheduler(int pid);

    [LibraryImport("libc", EntryPoint = "sched_setscheduler", SetLastError = true)]
    private static partial int sched_setscheduler(int pid, int policy, ref int param);

    [LibraryImport("libc", EntryPoint = "sched_getparam", SetLastError = true)]
    private static partial int sched_getparam(int pid, ref int param);
}
