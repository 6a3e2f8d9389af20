namespace LvsActors.Keepalived;

/// <summary>
/// Maps the scheduler flag keywords against the service's scheduler: sh-port and sh-fallback mean something to sh only,
/// mh-port and mh-fallback to mh only; the older flag-1 and flag-2 are the same kernel bits as the fallback and port flags.
/// </summary>
internal static class SchedulerFlagMapper
{
    public static void Map(IReadOnlyList<KeepalivedNode> flags, OutObject service, ImportContext context)
    {
        var scheduler = (service.Get("scheduler") as OutScalar)?.Text ?? "wlc";
        var names = new List<string>();
        Origin? first = null;
        foreach (var node in flags)
        {
            var name = node.Keyword switch
            {
                "flag-1" when scheduler is "sh" or "mh" => scheduler + "-fallback",
                "flag-2" when scheduler is "sh" or "mh" => scheduler + "-port",
                "sh-port" or "sh-fallback" when scheduler == "sh" => node.Keyword,
                "mh-port" or "mh-fallback" when scheduler == "mh" => node.Keyword,
                _ => null,
            };
            if (name is null)
            {
                if (node.Keyword is "flag-3" or "hashed")
                {
                    context.NotMapped(node, "a virtual_server");
                }
                else
                {
                    var owner = node.Keyword.StartsWith("mh-", StringComparison.Ordinal) ? "the mh scheduler" : node.Keyword.StartsWith("sh-", StringComparison.Ordinal) ? "the sh scheduler" : "the sh and mh schedulers";
                    context.Report(node, $"applies to {owner} only, and this service uses {scheduler}; keepalived ignores it, and so did the import");
                }
                continue;
            }
            first ??= Origin.Of(node);
            if (!names.Contains(name))
            {
                names.Add(name);
            }
        }
        if (first is not null)
        {
            service.Set("scheduler-flags", OutList.Strings(names), first);
        }
    }
}
