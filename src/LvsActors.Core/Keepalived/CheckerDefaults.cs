namespace LvsActors.Keepalived;

/// <summary>
/// What a checker inherits from its real server and virtual server, so that keepalived's per-checker defaults (which
/// lvsactors does not share) are written out where nothing above set the value: HTTP_GET and SSL_GET wait 3 s before a
/// retry, DNS_CHECK retries 3 times and waits a delay loop, MISC_CHECK does not retry (check_http.c, check_dns.c, check_misc.c).
/// </summary>
internal sealed record CheckerDefaults(bool RetrySet, bool DelayBeforeRetrySet, OutScalar DelayLoop)
{
    public static readonly CheckerDefaults None = new(false, false, new OutScalar("60s"));

    /// <summary>These defaults with what <paramref name="block"/> (a virtual or real server) sets over them.</summary>
    public CheckerDefaults Over(KeepalivedNode block, ImportContext context)
    {
        var delayLoop = block.Block.LastOrDefault(n => n.Keyword == "delay_loop") is { } d ? KeepalivedValues.Duration(d, context) : null;
        return new CheckerDefaults(
            RetrySet || block.Block.Any(n => n.Keyword == "retry"),
            DelayBeforeRetrySet || block.Block.Any(n => n.Keyword == "delay_before_retry"),
            delayLoop ?? DelayLoop);
    }

    /// <summary>Writes keepalived's defaults for a check of <paramref name="type"/> that neither it nor its parents set.</summary>
    public void Apply(string type, KeepalivedNode checker, OutObject check)
    {
        var origin = Origin.Of(checker);
        var retry = type switch { "dns" => 3, "misc" => 0, _ => (int?)null };
        if (retry is { } r && !RetrySet && !check.Has("retry"))
        {
            check.Set("retry", OutScalar.Number(r), origin, $"keepalived's default for {checker.Keyword}");
        }
        var delay = type switch
        {
            "http" or "https" => new OutScalar("3s"),
            "dns" => check.Get("delay-loop") as OutScalar ?? DelayLoop,
            _ => null,
        };
        if (delay is not null && !DelayBeforeRetrySet && !check.Has("delay-before-retry"))
        {
            check.Set("delay-before-retry", delay, origin, $"keepalived's default for {checker.Keyword}");
        }
    }
}
