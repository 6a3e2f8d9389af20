using System.Globalization;
using LvsActors.Configuration;

namespace LvsActors.Keepalived;

/// <summary>
/// global_defs' process_priority (every keepalived process) and vrrp_priority (its VRRP child): the nice value a
/// keepalived director runs at. lvsactors is one process whose lease renewals are what VRRP adverts were, so either
/// becomes lvs.director.nice; of both, the one that runs first (the lower), since the VRRP child is what failover needs.
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
        var known = director?.Entries.FirstOrDefault(e => e.Key == "nice")?.Value is OutScalar earlier
            ? int.Parse(earlier.Text, CultureInfo.InvariantCulture)
            : (int?)null;
        if (known is { } lower && lower <= nice)
        {
            return director;
        }
        director ??= new OutObject(Origin.Of(option));
        director.Set("nice", OutScalar.Number(nice), Origin.Of(option), $"{option.Keyword} {nice}: the director's threads at this nice value");
        return director;
    }
}
