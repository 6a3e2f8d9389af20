namespace LvsActors.Keepalived;

/// <summary>Maps one <c>virtual_server</c> block to one virtual service per key (several for a group).</summary>
internal static class VirtualServerMapper
{
    private static readonly string[] FlagKeywords = ["sh-port", "sh-fallback", "mh-port", "mh-fallback", "flag-1", "flag-2", "flag-3", "hashed"];

    // The order keys are written in, so every imported service reads the same way.
    private static readonly string[] KeyOrder =
    [
        "address", "fwmark", "family", "protocol", "scheduler", "scheduler-flags", "one-packet", "persistence-timeout",
        "persistence-granularity", "persistence-engine", "forwarding", "tunnel", "delay-loop", "connect-timeout", "retry",
        "delay-before-retry", "warmup", "inhibit-on-failure", "quorum", "hysteresis", "quorum-up", "quorum-down", "sorry-server",
        "alpha", "omega", "ha-suspend", "virtualhost", "real-servers",
    ];

    public static IEnumerable<(ServiceKey Key, OutObject Service)> Map(KeepalivedNode server, ImportContext context)
    {
        if (!server.Block.Any(n => n.Keyword == "real_server"))
        {
            context.Report(server, "keepalived ignores a virtual server without real servers; not imported");
            return [];
        }
        return ServiceKeys.Read(server, context).Select(key => (key, MapService(server, key, context)));
    }

    private static OutObject MapService(KeepalivedNode server, ServiceKey key, ImportContext context)
    {
        var heading = $"keepalived: {server.Keyword} {server.JoinedArguments} ({server.Position})";
        if (key.Origin.Position != server.Position)
        {
            heading += $", member {key.Origin.Keyword} at {key.Origin.Position}";
        }
        var service = new OutObject(key.Origin) { Heading = heading };
        if (key.Endpoint is not null)
        {
            service.Set("address", new OutScalar(OutScalar.Quote(key.Endpoint)), key.Origin);
        }
        else
        {
            service.Set("fwmark", OutScalar.Number(key.Fwmark!.Value), key.Origin);
            if (key.Family is not null)
            {
                service.Set("family", OutScalar.String(key.Family), key.Origin);
            }
        }
        var defaultWeight = server.Block.LastOrDefault(n => n.Keyword == "weight") is { } w ? KeepalivedValues.Number(w, context) : null;
        var virtualHost = server.Block.LastOrDefault(n => n.Keyword == "virtualhost")?.Argument;
        var checkerDefaults = CheckerDefaults.None.Over(server, context);
        var realServers = new List<OutObject>();
        var flags = new List<KeepalivedNode>();
        var sorry = new OutObject();
        foreach (var node in server.Block)
        {
            if (!MapOption(node, key, service, sorry, context))
            {
                switch (node.Keyword)
                {
                    case "real_server":
                        if (RealServerMapper.Map(node, defaultWeight, virtualHost, checkerDefaults, context) is { } realServer)
                        {
                            realServers.Add(realServer);
                            ForwardedPort(node, realServer, key, service);
                        }
                        break;
                    case var flag when FlagKeywords.Contains(flag):
                        flags.Add(node);
                        break;
                    case "weight":
                        // Read above: the default weight of the real servers.
                        break;
                    default:
                        context.NotMapped(node, "a virtual_server");
                        break;
                }
            }
        }
        SchedulerFlagMapper.Map(flags, service, context);
        if (key.Endpoint is not null && !service.Has("protocol"))
        {
            // validate_check_config (check_data.c): the kernel takes protocol 0 as UDP, so keepalived sets UDP.
            service.Set("protocol", OutScalar.String("udp"), key.Origin, "no protocol: keepalived ≥ 1.3.6 programs UDP");
            context.Note(server, "no protocol: keepalived programs UDP (\"no protocol set - defaulting to UDP\"), and so does the import; write protocol TCP if TCP was meant");
        }
        if (key.Fwmark is not null && key.Family is null && !service.Has("family") && IsIpv6(realServers))
        {
            service.Set("family", OutScalar.String("ipv6"), key.Origin, "keepalived takes the family from the real servers");
        }
        if (sorry.Has("address"))
        {
            ForwardedPort(server.Block.Last(n => n.Keyword == "sorry_server"), sorry, key, service);
        }
        if (sorry.Entries.Count > 0)
        {
            service.Set("sorry-server", sorry, sorry.Origin ?? key.Origin);
        }
        service.Set("real-servers", new OutList(realServers), key.Origin);
        service.Order(KeyOrder);
        return service;
    }

    /// <summary>
    /// keepalived gives a real (or sorry) server that is not NATed the port of the service it is added to (0 for a
    /// fwmark service, the member's port for a group member): the packet is not rewritten, so any other port would be a lie.
    /// </summary>
    private static void ForwardedPort(KeepalivedNode node, OutObject server, ServiceKey key, OutObject service)
    {
        var forwarding = (server.Get("forwarding") ?? service.Get("forwarding")) as OutScalar;
        if (forwarding is null or { Text: "nat" } || KeepalivedValues.Address(node.Argument) is not { } address)
        {
            return;
        }
        var port = key.Endpoint is null ? "0" : key.Endpoint[(key.Endpoint.LastIndexOf(':') + 1)..];
        var written = node.Arguments.Count > 1 ? node.Arguments[1].TrimStart('0') : "";
        if (written == port.TrimStart('0'))
        {
            return;
        }
        var comment = written.Length == 0 ? null : $"keepalived programs port {port} here: with {forwarding.Text} the packet keeps the service's port";
        server.Set("address", new OutScalar(OutScalar.Quote(KeepalivedValues.Endpoint(address, port))), Origin.Of(node), comment);
    }

    // LVS_MAX_TIMEOUT in keepalived's global_data.h: 31 days, in seconds.
    private const long MaxPersistenceTimeout = 86400L * 31;

    private static bool IsPersistenceTimeout(string text) => long.TryParse(text, out var seconds) && seconds is >= 1 and <= MaxPersistenceTimeout;

    private static bool IsIpv6(List<OutObject> realServers) =>
        realServers.FirstOrDefault()?.Get("address") is OutScalar { Text: var text } && text.StartsWith("\"[", StringComparison.Ordinal);

    private static bool MapOption(KeepalivedNode node, ServiceKey key, OutObject service, OutObject sorry, ImportContext context)
    {
        var origin = Origin.Of(node);
        switch (node.Keyword)
        {
            case "lvs_sched" or "lb_algo":
                service.Set("scheduler", OutScalar.String(node.Argument ?? ""), origin);
                return true;
            case "ops":
                service.Set("one-packet", OutScalar.Bool(true), origin);
                return true;
            case "protocol" when key.Fwmark is not null:
                context.Note(node, "a fwmark service matches packets of every protocol by their mark; keepalived does not pass protocol to the kernel for it either");
                return true;
            case "protocol":
                service.Set("protocol", OutScalar.String((node.Argument ?? "").ToLowerInvariant()), origin);
                return true;
            case "ip_family":
                if (key.Fwmark is not null)
                {
                    service.Set("family", OutScalar.String(node.Argument == "inet6" ? "ipv6" : "ipv4"), origin);
                }
                return true;
            case "persistence_timeout" when node.Arguments.Count > 0 && !IsPersistenceTimeout(node.Argument!):
                // pto_handler reads 1 to LVS_MAX_TIMEOUT and refuses the rest, leaving persistence as it was.
                context.Note(node, $"keepalived refuses persistence_timeout {node.Argument} (it takes 1 to {MaxPersistenceTimeout}) and ignores the line: no persistence from it; so did the import");
                return true;
            case "persistence_timeout":
                service.Set("persistence-timeout", node.Arguments.Count == 0 ? new OutScalar("360s") : KeepalivedValues.Duration(node, context) ?? new OutScalar("360s"),
                    origin, node.Arguments.Count == 0 ? "bare persistence_timeout: keepalived's 360 s" : null);
                return true;
            case "persistence_granularity":
                service.Set("persistence-granularity", OutScalar.String(node.Argument ?? ""), origin);
                if (!service.Has("persistence-timeout"))
                {
                    service.Set("persistence-timeout", new OutScalar("360s"), origin, "keepalived turns persistence on (360 s) with a granularity");
                }
                return true;
            case "persistence_engine":
                service.Set("persistence-engine", OutScalar.String(node.Argument ?? ""), origin);
                return true;
            case "lvs_method" or "lb_kind":
                ForwardingMapper.Map(node, service, context);
                return true;
            case "delay_loop" or "connect_timeout" or "delay_before_retry" or "warmup":
                if (KeepalivedValues.Duration(node, context) is { } duration)
                {
                    service.Set(node.Keyword.Replace('_', '-'), duration, origin);
                }
                return true;
            case "retry" or "quorum" or "hysteresis":
                if (KeepalivedValues.Number(node, context) is { } number)
                {
                    service.Set(node.Keyword, OutScalar.Number(number), origin);
                }
                return true;
            case "quorum_up" or "quorum_down":
                service.Set(node.Keyword.Replace('_', '-'), ProgramPath.Command(node, node.JoinedArguments, context, out var found), origin, found);
                return true;
            case "inhibit_on_failure" or "alpha" or "omega" or "ha_suspend":
                service.Set(node.Keyword.Replace('_', '-'), OutScalar.Bool(true), origin);
                return true;
            case "virtualhost":
                service.Set("virtualhost", OutScalar.String(node.Argument ?? ""), origin);
                return true;
            default:
                return SorryServerMapper.Map(node, sorry, context);
        }
    }
}
