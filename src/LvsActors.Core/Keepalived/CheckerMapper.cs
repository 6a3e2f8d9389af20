namespace LvsActors.Keepalived;

/// <summary>Maps one keepalived checker block (TCP_CHECK, HTTP_GET, …) to an entry of a real server's <c>checks</c>.</summary>
internal static class CheckerMapper
{
    private static readonly Dictionary<string, string> Types = new(StringComparer.Ordinal)
    {
        ["TCP_CHECK"] = "tcp",
        ["HTTP_GET"] = "http",
        ["SSL_GET"] = "https",
        ["SMTP_CHECK"] = "smtp",
        ["DNS_CHECK"] = "dns",
        ["MISC_CHECK"] = "misc",
        ["UDP_CHECK"] = "udp",
        ["PING_CHECK"] = "ping",
        ["FILE_CHECK"] = "file",
    };

    public static bool IsChecker(string keyword) => Types.ContainsKey(keyword) || keyword == "BFD_CHECK";

    /// <summary>
    /// The checks keepalived makes of the block: none when its checker has no equivalent (BFD) or lacks what it needs,
    /// one per <c>host</c> block for SMTP_CHECK (plus the block's own when it sets where to connect, as check_smtp.c does).
    /// </summary>
    /// <param name="virtualHost">The virtual server's virtualhost, the last default for SNI.</param>
    /// <param name="defaults">What the real and virtual server set, for keepalived's per-checker defaults.</param>
    public static IReadOnlyList<OutObject> Map(KeepalivedNode checker, string? virtualHost, CheckerDefaults defaults, ImportContext context)
    {
        if (!Types.TryGetValue(checker.Keyword, out var type))
        {
            context.NotMapped(checker, "a real_server");
            return [];
        }
        var check = new OutObject(Origin.Of(checker)).Set("type", OutScalar.String(type), Origin.Of(checker));
        var sni = new List<KeepalivedNode>();
        var hosts = new List<KeepalivedNode>();
        foreach (var node in checker.Block)
        {
            if (type == "smtp" && node.Keyword == "host")
            {
                hosts.Add(node);
                continue;
            }
            if (!MapCommon(node, check, context) && !MapSpecific(type, node, check, context))
            {
                if (node.Keyword is "enable_sni" or "sni_name")
                {
                    if (type == "https")
                    {
                        sni.Add(node);
                    }
                    else
                    {
                        context.Report(node, "SNI belongs to TLS: keepalived ignores it in HTTP_GET, and so did the import");
                    }
                    continue;
                }
                context.NotMapped(node, checker.Keyword);
            }
        }
        if (sni.Count > 0)
        {
            MapSni(sni, check, virtualHost, context);
        }
        defaults.Apply(type, checker, check);
        if (type == "file" && !check.Has("path"))
        {
            context.Report(checker, "FILE_CHECK without a usable track_file: keepalived ignores it, and so did the import");
            return [];
        }
        return hosts.Count == 0 ? [check] : SmtpHosts(check, hosts, context);
    }

    private static readonly string[] ConnectionKeys = ["connect-address", "connect-port", "bind-address", "bind-port", "connect-timeout"];

    /// <summary>
    /// SMTP_CHECK with (deprecated) host blocks: one check per host, each with the checker's other options and the
    /// host's connection options; the checker's own connection options make one more check (smtp_check_end_handler).
    /// </summary>
    private static List<OutObject> SmtpHosts(OutObject check, List<KeepalivedNode> hosts, ImportContext context)
    {
        var checks = new List<OutObject>();
        if (ConnectionKeys.Any(check.Has))
        {
            checks.Add(check);
        }
        foreach (var host in hosts)
        {
            var copy = new OutObject(Origin.Of(host));
            foreach (var entry in check.Entries.Where(e => !ConnectionKeys.Contains(e.Key)))
            {
                copy.Set(entry.Key, entry.Value, entry.Origin, entry.Comment);
            }
            foreach (var node in host.Block)
            {
                if (!MapCommon(node, copy, context))
                {
                    context.NotMapped(node, "an SMTP_CHECK host");
                }
            }
            checks.Add(copy);
        }
        return checks;
    }

    /// <summary>Options every checker takes: where to connect, what to bind, and the timing.</summary>
    private static bool MapCommon(KeepalivedNode node, OutObject check, ImportContext context)
    {
        var origin = Origin.Of(node);
        switch (node.Keyword)
        {
            case "connect_ip":
                check.Set("connect-address", OutScalar.String(node.Argument ?? ""), origin);
                return true;
            case "bindto":
                check.Set("bind-address", OutScalar.String(node.Argument ?? ""), origin);
                return true;
            case "connect_port" or "bind_port":
                if (KeepalivedValues.Number(node, context) is { } port)
                {
                    check.Set(node.Keyword == "connect_port" ? "connect-port" : "bind-port", OutScalar.Number(port), origin);
                }
                return true;
            case "retry" or "nb_get_retry":
                if (KeepalivedValues.Number(node, context) is { } retry)
                {
                    check.Set("retry", OutScalar.Number(retry), origin);
                }
                return true;
            case "connect_timeout" or "delay_before_retry" or "warmup" or "delay_loop":
                if (KeepalivedValues.Duration(node, context) is { } duration)
                {
                    check.Set(node.Keyword.Replace('_', '-'), duration, origin);
                }
                return true;
            default:
                return false;
        }
    }

    private static bool MapSpecific(string type, KeepalivedNode node, OutObject check, ImportContext context)
    {
        var origin = Origin.Of(node);
        switch (type, node.Keyword)
        {
            case ("http" or "https", "url"):
                var urls = check.Get("urls") as OutList ?? new OutList([]);
                urls.Items.Add(MapUrl(node, context));
                check.Set("urls", urls, origin);
                return true;
            case ("http" or "https", "virtualhost"):
                check.Set("virtualhost", OutScalar.String(node.Argument ?? ""), origin);
                return true;
            case ("http" or "https", "http_protocol"):
                if (node.Argument is "1.0" or "1.1")
                {
                    check.Set("http-protocol", new OutScalar(OutScalar.Quote(node.Argument)), origin);
                }
                else if (node.Argument is "1.0C" or "1.0c")
                {
                    check.Set("http-protocol", new OutScalar(OutScalar.Quote("1.0")), origin);
                    context.Report(node, "imported as 1.0: lvsactors sends HTTP/1.0 without a Connection: close header (an HTTP/1.0 server closes anyway)");
                }
                else
                {
                    context.Report(node, $"\"{node.Argument}\" is not an HTTP version keepalived knows; it ignores it, and so did the import (accepted: 1.0, 1.1, 1.0C)");
                }
                return true;
            case ("smtp", "helo_name"):
                check.Set("helo-name", OutScalar.String(node.Argument ?? ""), origin);
                return true;
            case ("dns", "type"):
                check.Set("query-type", OutScalar.String((node.Argument ?? "").ToUpperInvariant()), origin);
                return true;
            case ("dns", "name"):
                check.Set("query-name", new OutScalar(OutScalar.Quote(node.Argument ?? "")), origin);
                return true;
            case ("misc", _):
                return MiscCheckMapper.Map(node, check, context);
            case ("udp", "payload"):
                check.Set("payload", new OutScalar(OutScalar.Quote(string.Concat(node.Arguments))), origin);
                return true;
            case ("udp", "require_reply"):
                check.Set("require-reply", OutScalar.Bool(true), origin);
                if (node.Arguments.Count > 0)
                {
                    context.Report(node, "the reply pattern has no equivalent: lvsactors requires a reply but does not compare it; imported as require-reply = true");
                }
                return true;
            case ("udp", "min_reply_length" or "max_reply_length"):
                if (KeepalivedValues.Number(node, context) is { } length)
                {
                    check.Set(node.Keyword.Replace('_', '-'), OutScalar.Number(length), origin);
                }
                return true;
            case ("file", "track_file" or "weight"):
                return FileCheckMapper.Map(node, check, context);
            default:
                return false;
        }
    }

    private static OutObject MapUrl(KeepalivedNode url, ImportContext context)
    {
        var entry = new OutObject(Origin.Of(url));
        foreach (var node in url.Block)
        {
            var origin = Origin.Of(node);
            switch (node.Keyword)
            {
                case "path" or "digest" or "regex" or "virtualhost":
                    entry.Set(node.Keyword, new OutScalar(OutScalar.Quote(node.JoinedArguments)), origin);
                    break;
                case "status_code":
                    entry.Set("status-codes", new OutList(node.Arguments.Select(c => c.Contains('-') ? new OutScalar(OutScalar.Quote(c)) : new OutScalar(c))), origin);
                    break;
                case "regex_no_match":
                    entry.Set("regex-no-match", OutScalar.Bool(true), origin);
                    break;
                default:
                    context.NotMapped(node, "a url block");
                    break;
            }
        }
        return entry;
    }

    /// <summary>
    /// keepalived sends sni_name, else the URL's, the checker's or the virtual server's virtualhost (not the real
    /// server's) as the TLS server name; lvsactors has one name per check, so URLs that differ are reported.
    /// </summary>
    private static void MapSni(IReadOnlyList<KeepalivedNode> nodes, OutObject check, string? virtualHost, ImportContext context)
    {
        var sniName = nodes.LastOrDefault(n => n.Keyword == "sni_name" && n.Argument is not null);
        var enable = nodes.LastOrDefault(n => n.Keyword == "enable_sni");
        if (sniName is null && enable is null)
        {
            context.Report(nodes[^1], "sni_name without a name; keepalived ignores it, and so did the import");
            return;
        }
        var node = sniName ?? enable!;
        if (sniName is null && enable!.Argument is not (null or "on" or "true" or "yes"))
        {
            return;
        }
        var checkHost = Unquoted(check.Get("virtualhost")) ?? virtualHost;
        var urlHosts = (check.Get("urls") as OutList)?.Items.Cast<OutObject>().Select(u => Unquoted(u.Get("virtualhost")) ?? checkHost).Distinct().ToList() ?? [];
        var name = sniName?.Argument ?? urlHosts.FirstOrDefault() ?? checkHost;
        if (name is null)
        {
            context.Report(node, "no name to send: set sni_name or virtualhost; imported without SNI");
            return;
        }
        if (sniName is null && urlHosts.Count > 1)
        {
            context.Report(node, $"keepalived sends each URL's virtualhost as SNI; lvsactors sends one name per check, imported as {name}");
        }
        check.Set("server-name", OutScalar.String(name), Origin.Of(node), sniName is null ? "enable_sni: the virtualhost is sent as SNI" : null);
    }

    private static string? Unquoted(OutValue? value) => (value as OutScalar)?.Text.Trim('"');
}
