using System.Globalization;
using System.Text.RegularExpressions;
using LvsActors.Model;

namespace LvsActors.Configuration;

/// <summary>Binds one entry of a real server's <c>checks = [ … ]</c> to a <see cref="HealthCheckSpec"/>.</summary>
internal static class CheckBinder
{
    public static HealthCheckSpec? Bind(Section section, Inherited inherited)
    {
        if (!section.Has("type"))
        {
            // Without a type the other keys cannot be judged, so they are not reported as unknown.
            section.Error("type", $"every check needs a type; accepted: {string.Join(", ", Choices.CheckKinds.Keys)}");
            return null;
        }
        var kind = section.Choice("type", "", Choices.CheckKinds);
        var timing = inherited.ReadTiming(section);
        var connect = new ConnectOptions(
            section.Address("connect-address"),
            section.Has("connect-port") ? (ushort)section.Integer("connect-port", 0, 1, 65535) : null,
            section.Address("bind-address"),
            section.Has("bind-port") ? (ushort)section.Integer("bind-port", 0, 1, 65535) : null);
        HealthCheckSpec? spec = kind switch
        {
            "tcp" => new TcpCheckSpec(timing, connect),
            "http" or "https" => BindHttp(section, timing, connect, kind == "https"),
            "smtp" => new SmtpCheckSpec(timing, connect, section.String("helo-name")),
            "dns" => new DnsCheckSpec(timing, connect, section.Choice("query-type", DnsQueryType.Soa, Choices.DnsTypes), section.String("query-name", ".")!),
            "udp" => BindUdp(section, timing, connect),
            "ping" => new PingCheckSpec(timing, connect),
            "misc" => BindMisc(section, timing, connect),
            "file" => BindFile(section, timing, connect),
            _ => null,
        };
        section.Finish();
        return spec;
    }

    private static HttpCheckSpec? BindHttp(Section section, CheckTiming timing, ConnectOptions connect, bool tls)
    {
        var version = section.String("http-protocol", "1.0")!;
        if (version is not ("1.0" or "1.1"))
        {
            section.Error("http-protocol", $"\"{version}\" is not an HTTP version keepalived speaks; accepted: 1.0, 1.1");
        }
        var serverName = tls ? section.String("server-name") : null;
        if (!tls && section.Has("server-name"))
        {
            section.Error("server-name", "server-name (SNI) applies to https checks only");
        }
        var urls = section.ObjectList("urls").Select(BindUrl).Where(u => u is not null).Cast<UrlCheck>().ToList();
        if (!section.Has("urls"))
        {
            section.Error("urls", "an http or https check needs at least one URL: urls = [ { path = \"/\" } ]");
        }
        return new HttpCheckSpec(timing, connect, tls, urls, version, section.String("virtualhost"), serverName);
    }

    private static UrlCheck? BindUrl(Section url)
    {
        var path = url.String("path");
        if (path is null || !path.StartsWith('/'))
        {
            url.Error("path", path is null ? "every URL needs a path, e.g. path = \"/health\"" : $"\"{path}\" must start with '/'");
        }
        var codes = new List<StatusRange>();
        foreach (var scalar in url.ScalarList("status-codes"))
        {
            if (ParseStatus(scalar.Text) is { } range)
            {
                codes.Add(range);
            }
            else
            {
                url.ErrorAt(scalar, url.KeyPath("status-codes"), $"\"{scalar.Text}\" is not a status code or range; accepted: 100 to 599, or a range such as 200-299");
            }
        }
        var digest = url.String("digest");
        if (digest is not null && (digest.Length != 32 || !digest.All(Uri.IsHexDigit)))
        {
            url.Error("digest", $"\"{digest}\" is not an MD5 digest; accepted: 32 hex digits as genhash prints them");
        }
        var regex = url.String("regex");
        if (regex is not null)
        {
            try
            {
                _ = new Regex(regex, RegexOptions.None, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException e)
            {
                url.Error("regex", $"\"{regex}\" is not a valid regular expression: {e.Message}");
            }
        }
        var noMatch = url.Bool("regex-no-match", false);
        if (noMatch && regex is null)
        {
            url.Error("regex-no-match", "regex-no-match inverts a regex; set regex too");
        }
        var virtualHost = url.String("virtualhost");
        url.Finish();
        return path is null ? null : new UrlCheck(path, codes.Count > 0 ? codes : [StatusRange.Success], digest?.ToLowerInvariant(), regex, noMatch, virtualHost);
    }

    private static StatusRange? ParseStatus(string text)
    {
        var parts = text.Split('-');
        if (parts.Length is < 1 or > 2 || !parts.All(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            return null;
        }
        var from = int.Parse(parts[0], CultureInfo.InvariantCulture);
        var to = int.Parse(parts[^1], CultureInfo.InvariantCulture);
        return from is >= 100 and <= 599 && to is >= 100 and <= 599 && from <= to ? new StatusRange(from, to) : null;
    }

    private static UdpCheckSpec BindUdp(Section section, CheckTiming timing, ConnectOptions connect)
    {
        var hex = section.String("payload", "")!;
        byte[] payload = [];
        try
        {
            payload = Convert.FromHexString(hex);
        }
        catch (FormatException)
        {
            section.Error("payload", $"\"{hex}\" is not hex; the payload is written as hex digits, as in keepalived, e.g. \"0d0a\"");
        }
        var min = (int)section.Integer("min-reply-length", 0, 0, 65507);
        var max = (int)section.Integer("max-reply-length", 65507, 0, 65507);
        if (min > max)
        {
            section.Error("min-reply-length", $"{min} is above max-reply-length {max}");
        }
        return new UdpCheckSpec(timing, connect, payload, section.Bool("require-reply", false), min, max);
    }

    private static MiscCheckSpec? BindMisc(Section section, CheckTiming timing, ConnectOptions connect)
    {
        var command = section.Command("command");
        if (!section.Has("command"))
        {
            section.Error("command", "a misc check needs the program to run: command = [\"/usr/local/bin/check\", \"arg\"]");
        }
        var timeout = section.Duration("timeout", timing.DelayLoop, TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(1));
        var user = section.String("user");
        var dynamic = section.Bool("dynamic", false);
        return command is null ? null : new MiscCheckSpec(timing, connect, command, timeout, user, dynamic);
    }

    private static FileCheckSpec? BindFile(Section section, CheckTiming timing, ConnectOptions connect)
    {
        var path = section.String("path");
        if (path is null || !path.StartsWith('/'))
        {
            section.Error("path", path is null ? "a file check needs the file to watch: path = \"/run/lvs/web1\"" : $"\"{path}\" must be an absolute path");
        }
        var weight = (int)section.Integer("weight", 0, -254, 254);
        return path is null ? null : new FileCheckSpec(timing, connect, path, weight);
    }
}
