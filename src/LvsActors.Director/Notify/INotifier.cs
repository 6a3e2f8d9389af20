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

/// <summary>The environment of a leadership notify program (notify-master, notify-backup, notify-fault).</summary>
public static class LeadershipNotice
{
    /// <summary>LVS_EVENT master/backup/fault, LVS_REASON, LVS_EPOCH (1 in active-active) and LVS_VIPS ("ADDR/LEN …").</summary>
    public static IReadOnlyDictionary<string, string> Environment(string lvsEvent, string reason, long epoch, IEnumerable<Vip> vips) =>
        new Dictionary<string, string>
        {
            ["LVS_EVENT"] = lvsEvent,
            ["LVS_REASON"] = reason,
            ["LVS_EPOCH"] = epoch.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["LVS_VIPS"] = string.Join(' ', vips.Select(v => $"{v.Address}/{v.PrefixLength}")),
        };
}
