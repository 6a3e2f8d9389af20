using System.Net.Sockets;
using System.Text.RegularExpressions;
using LvsActors.Configuration;
using LvsActors.Linux.Probes;
using LvsActors.Model;

namespace LvsActors.Director.Checks;

/// <summary>
/// HTTP_GET and SSL_GET: every URL is fetched on its own connection, one after the other, and must answer as
/// configured. As keepalived's http_handle_response, a URL passes when headers arrived, the status is in one of its
/// ranges, the body's MD5 equals the digest (when set) and the regex matches, or does not with regex-no-match.
/// The timeout bounds the whole probe, all URLs together. Given a <see cref="TcpProbeEngine"/> (Linux), HTTP_GET's loop
/// runs there (<see cref="HttpProbeLoop"/>): the same requests and verdicts with no task, timer or actor message per
/// probe. SSL_GET stays on .NET's sockets and TLS, as does <see cref="CheckAsync"/> everywhere.
/// </summary>
public sealed class HttpChecker : ILoopingHealthChecker
{
    private static readonly TimeSpan RegexBudget = TimeSpan.FromSeconds(1);

    private readonly CheckEndpoints _endpoints;
    private readonly HttpCheckSpec _spec;
    private readonly UrlProbe[] _urls;
    private readonly TcpProbeEngine? _engine;

    /// <summary>Checks every URL of <paramref name="spec"/> at <paramref name="endpoints"/>' destination; loops on <paramref name="engine"/> when given.</summary>
    public HttpChecker(HttpCheckSpec spec, CheckEndpoints endpoints, TcpProbeEngine? engine = null)
    {
        _spec = spec;
        _endpoints = endpoints;
        _engine = engine;
        var address = endpoints.Destination;
        // keepalived's Host header without a virtual host is the destination with its port, IPv6 in brackets.
        var literalHost = address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address.Address}]:{address.Port}" : $"{address.Address}:{address.Port}";
        _urls = spec.Urls.Select(url =>
        {
            var virtualHost = url.VirtualHost ?? spec.VirtualHost;
            // keepalived sends SNI only with enable_sni, from sni_name or else the virtual host; we always send it when
            // a name is known, as browsers do, since a TLS server behind a name usually needs it.
            var serverName = spec.ServerName ?? virtualHost;
            return new UrlProbe(url, HttpExchange.Request(url.Path, spec.HttpVersion, virtualHost ?? literalHost), serverName, CompileRegex(url));
        }).ToArray();
    }

    internal CheckEndpoints Endpoints => _endpoints;

    internal IReadOnlyList<UrlProbe> Urls => _urls;

    /// <inheritdoc />
    public IProbeLoop? StartLoop(TimeSpan interval, TimeSpan timeout, IProbeLoopOwner owner) =>
        _engine is null || _spec.Tls ? null : new HttpProbeLoop(this, _engine, interval, timeout, owner);

    /// <summary>The reason a probe whose every URL passed gives, from the status of each.</summary>
    internal static string Passed(IEnumerable<(int Status, string Path)> answers) =>
        string.Join(", ", answers.Select(answer => $"HTTP {answer.Status} for {answer.Path}"));

    /// <inheritdoc />
    public async Task<CheckResult> CheckAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = Deadline.Start(timeout, cancellationToken);
        var answered = new List<(int, string)>(_urls.Length);
        foreach (var probe in _urls)
        {
            HttpAnswer answer;
            try
            {
                answer = await HttpExchange.GetAsync(
                    _endpoints, _spec.Tls, probe.ServerName, probe.Request, probe.Url.Digest is not null, probe.Url.Regex is not null,
                    deadline.Token).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                return CheckFailures.From(e, $"GET {probe.Url.Path} from", _endpoints.Target, timeout, cancellationToken);
            }
            var verdict = Judge(probe, answer);
            if (verdict is not null)
            {
                return CheckResult.Failure(verdict);
            }
            answered.Add((answer.Head!.Status, probe.Url.Path));
        }
        return CheckResult.Success(Passed(answered));
    }

    /// <summary>Why <paramref name="answer"/> fails <paramref name="probe"/>'s URL, or null when it passes. The order of keepalived's http_handle_response: data received, status, digest, regex.</summary>
    internal string? Judge(UrlProbe probe, HttpAnswer answer)
    {
        var url = probe.Url;
        // Built only for a failure: thousands of answers a second pass.
        string From() => $"{url.Path} from {_endpoints.Target}";
        if (answer.Head is null)
        {
            return answer.FirstLine.Length == 0
                ? $"no HTTP response for {From()}: the connection closed before any data"
                : $"no complete HTTP response for {From()}: the connection closed within the headers, after \"{answer.FirstLine}\"";
        }
        var status = answer.Head.Status;
        if (status == 0)
        {
            return $"no HTTP status line for {From()}: got \"{answer.FirstLine}\"";
        }
        if (!InRanges(url.StatusCodes, status))
        {
            return $"HTTP {status} not in {string.Join(", ", url.StatusCodes)} for {From()}";
        }
        if (url.Digest is not null)
        {
            var digest = Convert.ToHexStringLower(answer.Md5!);
            if (!string.Equals(digest, url.Digest, StringComparison.OrdinalIgnoreCase))
            {
                return $"digest mismatch for {From()}: got {digest}, expected {url.Digest}";
            }
        }
        if (url.Regex is not null)
        {
            if (probe.Regex is null)
            {
                return $"regex \"{url.Regex}\" of {url.Path} is not a valid .NET regular expression";
            }
            bool matched;
            try
            {
                matched = probe.Regex.IsMatch(answer.Body!);
            }
            catch (RegexMatchTimeoutException)
            {
                return $"regex \"{url.Regex}\" took longer than {DurationText.Format(RegexBudget)} on the body of {From()}";
            }
            if (matched == url.RegexNoMatch)
            {
                return matched
                    ? $"regex \"{url.Regex}\" matched the body of {From()}, and regex-no-match is set"
                    : $"regex \"{url.Regex}\" did not match the body of {From()}";
            }
        }
        return null;
    }

    private static bool InRanges(IReadOnlyList<StatusRange> ranges, int status)
    {
        for (var i = 0; i < ranges.Count; i++)
        {
            if (ranges[i].Contains(status))
            {
                return true;
            }
        }
        return false;
    }

    // Configuration validation compiles every regex already; a pattern that still fails is reported by each probe
    // rather than thrown, since a checker never throws.
    private static Regex? CompileRegex(UrlCheck url)
    {
        if (url.Regex is null)
        {
            return null;
        }
        try
        {
            return new Regex(url.Regex, RegexOptions.CultureInvariant, RegexBudget);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>One URL with its request bytes built once.</summary>
    internal sealed record UrlProbe(UrlCheck Url, byte[] Request, string? ServerName, Regex? Regex);
}
