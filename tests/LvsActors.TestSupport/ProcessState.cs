namespace LvsActors.TestSupport;

/// <summary>Whether a process a test started (or its child) still runs, from /proc.</summary>
public static class ProcessState
{
    /// <summary>
    /// Waits up to two seconds for <paramref name="pid"/> to be gone; true when it still runs after that. A killed
    /// child may linger as a zombie until init reaps it; zombies are not running.
    /// </summary>
    public static bool IsRunning(int pid)
    {
        var deadline = DateTime.UtcNow.AddSeconds(2);
        while (DateTime.UtcNow < deadline)
        {
            var stat = $"/proc/{pid}/stat";
            if (!File.Exists(stat) || File.ReadAllText(stat).Split(')')[1].Trim().StartsWith('Z'))
            {
                return false;
            }
            Thread.Sleep(20);
        }
        return true;
    }
}
