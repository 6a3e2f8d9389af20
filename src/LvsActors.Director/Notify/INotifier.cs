using LvsActors.Model;

namespace LvsActors.Director.Notify;

/// <summary>
/// Runs the operator's notify programs (notify-up, quorum-down, notify-master, …). The program gets its configured
/// arguments, never a shell, and what happened in environment variables (LVS_EVENT, LVS_VIRTUAL_SERVICE,
/// LVS_REAL_SERVER, LVS_REASON), so a script need not parse anything.
/// </summary>
public interface INotifier
{
    /// <summary>Starts <paramref name="command"/> and returns at once; a failure is logged, never thrown.</summary>
    void Run(NotifyCommand command, IReadOnlyDictionary<string, string> environment);
}
