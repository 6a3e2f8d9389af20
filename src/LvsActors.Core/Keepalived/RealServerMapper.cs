namespace LvsActors.Keepalived;

/// <summary>Maps one <c>real_server IP [PORT] { … }</c> to an entry of <c>real-servers</c>.</summary>
internal static class RealServerMapper
{
    /// <param name="defaultWeight">The virtual_server's weight keyword, keepalived's default for its real servers.</param>
    /// <param name="virtualHost">The virtual_server's virtualhost, the last default for SNI (keepalived skips the real server's).</param>
    /// <param name="defaults">What the virtual server sets, for keepalived's per-checker defaults.</param>
    public static OutObject? Map(KeepalivedNode realServer, long? defaultWeight, string? virtualHost, CheckerDefaults defaults, ImportContext context)
    {
        var origin = Origin.Of(realServer);
        var address = KeepalivedValues.Address(realServer.Argument);
        if (address is null)
        {
            context.Report(realServer, $"\"{realServer.Argument}\" is not an IP address; keepalived skips this real server, and so did the import");
            return null;
        }
        var port = realServer.Arguments.Count > 1 ? realServer.Arguments[1] : null;
        var server = new OutObject(origin).Set("address", new OutScalar(OutScalar.Quote(KeepalivedValues.Endpoint(address, port))), origin);
        if (defaultWeight is { } w)
        {
            server.Set("weight", OutScalar.Number(w), origin, "the virtual_server's weight");
        }
        var ownVirtualHost = realServer.Block.LastOrDefault(n => n.Keyword == "virtualhost")?.Argument;
        var checkerDefaults = defaults.Over(realServer, context);
        var checks = new List<OutObject>();
        foreach (var node in realServer.Block)
        {
            var at = Origin.Of(node);
            switch (node.Keyword)
            {
                case "weight":
                    if (KeepalivedValues.Number(node, context) is { } weight)
                    {
                        server.Set("weight", OutScalar.Number(weight), at);
                    }
                    break;
                case "uthreshold" or "lthreshold":
                    if (KeepalivedValues.Number(node, context) is { } threshold)
                    {
                        server.Set(node.Keyword == "uthreshold" ? "upper-threshold" : "lower-threshold", OutScalar.Number(threshold), at);
                    }
                    break;
                case "lvs_method":
                    ForwardingMapper.Map(node, server, context);
                    break;
                case "inhibit_on_failure":
                    server.Set("inhibit-on-failure", OutScalar.Bool(true), at);
                    break;
                case "notify_up" or "notify_down":
                    server.Set(node.Keyword.Replace('_', '-'), ProgramPath.Command(node, node.JoinedArguments, context, out var found), at, found);
                    break;
                case "retry":
                    if (KeepalivedValues.Number(node, context) is { } retry)
                    {
                        server.Set("retry", OutScalar.Number(retry), at);
                    }
                    break;
                case "delay_loop" or "delay_before_retry" or "warmup" or "connect_timeout":
                    if (KeepalivedValues.Duration(node, context) is { } duration)
                    {
                        server.Set(node.Keyword.Replace('_', '-'), duration, at);
                    }
                    break;
                case "virtualhost":
                    // Read above: it becomes the default Host of this server's HTTP checks.
                    break;
                case "alpha":
                    context.Report(node, "alpha applies to the whole virtual service in lvsactors (alpha = true there); not carried over for one real server");
                    break;
                case var checker when CheckerMapper.IsChecker(checker):
                    checks.AddRange(CheckerMapper.Map(node, virtualHost, checkerDefaults, context));
                    break;
                default:
                    context.NotMapped(node, "a real_server");
                    break;
            }
        }
        if (ownVirtualHost is not null)
        {
            foreach (var check in checks.Where(c => (c.Get("type") as OutScalar)?.Text is "http" or "https" && !c.Has("virtualhost")))
            {
                check.Set("virtualhost", OutScalar.String(ownVirtualHost), origin, "the real_server's virtualhost");
            }
        }
        if (checks.Count > 0)
        {
            server.Set("checks", new OutList(checks), origin);
        }
        return server;
    }
}
