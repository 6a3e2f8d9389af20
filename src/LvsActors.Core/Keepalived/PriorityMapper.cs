using System.Globalization;
using LvsActors.Configuration;

namespace LvsActors.Keepalived;

/// <summary>
/// global_defs' process_priority (every keepalived process) and vrrp_priority (its VRRP child): the nice value a
/// keepalived director runs at. lvsactors is one process whose lease renewals are what VRRP adverts were, so either
/// becomes lvs.director.nice; of both, the one that runs first (the lower), since the VRRP child is what failover needs.
/// Their real-time counterparts become lvs.director.realtime-priority the same way.
/// </summary>
internal static class PriorityMapper
{
    public static OutObject? Nice(KeepalivedNode option, OutObject? director, ImportContext context)
    {
        if (!NiceRule.TryRead(option.Argument, out var nice))
        {
            context.Report(option, $"{option.Argument ?? "nothing"} is not a nice value (-20 to 19); lvs.director.nice left at its default");
            return director;
        }
        // Of process_priority and vrrp_priority the lower: it runs first.
        return Keep(director, "nice", nice, (earlier, value) => earlier <= value, option, $"{option.Keyword} {nice}: the director's threads at this nice value");
    }

    /// <summary>
    /// global_defs' vrrp_rt_priority and checker_rt_priority: keepalived's VRRP and checker children under SCHED_RR at
    /// that priority. lvsactors is one process, so the higher of the two becomes lvs.director.realtime-priority.
    /// </summary>
    public static OutObject? Realtime(KeepalivedNode option, OutObject? director, ImportContext context)
    {
        if (!int.TryParse(option.Argument, NumberStyles.None, CultureInfo.InvariantCulture, out var priority) || priority is < 1 or > 99)
        {
            context.Report(option, $"{option.Argument ?? "nothing"} is not a real-time priority (1 to 99); lvs.director.realtime-priority left at its default");
            return director;
        }
        return Keep(director, "realtime-priority", priority, (earlier, value) => earlier >= value, option,
            $"{option.Keyword} {priority}: every director thread under SCHED_RR at this priority");
    }

    // Sets lvs.director.KEY to VALUE unless an earlier keyword already set one that wins over it.
    private static OutObject? Keep(OutObject? director, string key, int value, Func<int, int, bool> earlierWins, KeepalivedNode option, string note)
    {
        if (director?.Entries.FirstOrDefault(e => e.Key == key)?.Value is OutScalar earlier
            && earlierWins(int.Parse(earlier.Text, CultureInfo.InvariantCulture), value))
        {
            return director;
        }
        director ??= new OutObject(Origin.Of(option));
        director.Set(key, OutScalar.Number(value), Origin.Of(option), note);
        return director;
    }
}
