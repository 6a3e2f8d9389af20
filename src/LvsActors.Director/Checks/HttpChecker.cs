using System.Net.Sockets;
using System.Text.RegularExpressions;
using LvsActors.Configuration;
using LvsActors.Model;

namespace LvsActors.Director.Checks;

/// <summary>
/// HTTP_GET and SSL_GET: every URL is fetched on its own connection, one after the other, and must answer as
/// configured. As keepalived's http_handle_response, a URL passes when headers arrived, the status is in one of its
/// ranges, the body's MD5 equals the digest (when set) and the regex matches, or does not with regex-no-match.
/// The timeout bounds the whole probe, all URLs together.
/// </summary>
public sealed class HttpChecker : IHealthChecker
{
    private static readonly TimeSpan RegexBudget = TimeSpan.FromSeconds(1);

    private readonly CheckEndpoints _endpoints;
    private readonly HttpCheckSpec _spec;
    private readonly UrlProbe[] _urls;

    /// <summary>Checks every URL of <paramref name="spec"/> at <paramref name="endpoints"/>' destination.</summary>
    public HttpChecker(HttpCheckSpec spec, CheckEndpoints endpoints)
    {
        _spec = spec;
        _endpoints = endpoints;
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

    /// <inheritdoc />
    public async Task<CheckResult> CheckAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = Deadline.Start(timeout, cancellationToken);
        var answered = new List<string>(_urls.Length);
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
            answered.Add($"HTTP {answer.Head!.Status} for {probe.Url.Path}");
        }
        return CheckResult.Success(string.Join(", ", answered));
    }

    // The order of keepalived's http_handle_response: data received, status, digest, regex.
    private string? Judge(UrlProbe probe, HttpAnswer answer)
    {
        var url = probe.Url;
        var from = $"{url.Path} from {_endpoints.Target}";
        if (answer.Head is null)
        {
            return answer.FirstLine.Length == 0
                ? $"no HTTP response for {from}: the connection closed before any data"
                : $"no complete HTTP response for {from}: the connection closed within the headers, after \"{answer.FirstLine}\"";
        }
        var status = answer.Head.Status;
        if (status == 0)
        {
            return $"no HTTP status line for {from}: got \"{answer.FirstLine}\"";
        }
        if (!url.StatusCodes.Any(range => range.Contains(status)))
        {
            return $"HTTP {status} not in {string.Join(", ", url.StatusCodes)} for {from}";
        }
        if (url.Digest is not null)
        {
            var digest = Convert.ToHexStringLower(answer.Md5!);
            if (!string.Equals(digest, url.Digest, StringComparison.OrdinalIgnoreCase))
            {
                return $"digest mismatch for {from}: got {digest}, expected {url.Digest}";
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
                return $"regex \"{url.Regex}\" took longer than {DurationText.Format(RegexBudget)} on the body of {from}";
            }
            if (matched == url.RegexNoMatch)
            {
                return matched
                    ? $"regex \"{url.Regex}\" matched the body of {from}, and regex-no-match is set"
                    : $"regex \"{url.Regex}\" did not match the body of {from}";
            }
        }
        return null;
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
    private sealed record UrlProbe(UrlCheck Url, byte[] Request, string? ServerName, Regex? Regex);
}
