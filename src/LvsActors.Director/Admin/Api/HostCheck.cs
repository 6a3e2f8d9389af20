using System.Net;
using Microsoft.AspNetCore.Http;

namespace LvsActors.Director.Admin.Api;

/// <summary>
/// Which Host headers the API answers. A web page that rebinds its own DNS name to the director's address can make a
/// browser on an operator's machine talk to the API, but the browser still sends the page's name as Host; so only
/// names that mean this director are answered: the address the request reached (and its port), localhost on a
/// loopback address, and the names in lvs.admin.api.allowed-hosts (any port: a proxy in front may use its own).
/// </summary>
internal sealed class HostCheck(IReadOnlyList<string> allowedHosts)
{
    private readonly HashSet<string> _allowed = allowedHosts.Select(Normal).ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Why <paramref name="host"/> is refused on a connection that reached <paramref name="local"/>, or null.</summary>
    public string? Refuse(HostString host, IPAddress? local, int localPort)
    {
        if (!host.HasValue || host.Host.Length == 0)
        {
            return "the request has no Host header; send the address the API listens on, e.g. Host: 127.0.0.1:9180";
        }
        var name = Normal(host.Host);
        var port = host.Port ?? 80;
        if (_allowed.Contains(name))
        {
            return null;
        }
        local = local is { IsIPv4MappedToIPv6: true } ? local.MapToIPv4() : local;
        if (port == localPort && local is not null)
        {
            if (IPAddress.TryParse(name, out var literal) && literal.Equals(local))
            {
                return null;
            }
            if (name.Equals("localhost", StringComparison.OrdinalIgnoreCase) && IPAddress.IsLoopback(local))
            {
                return null;
            }
        }
        var here = local is null ? "" : $" (this connection reached {new IPEndPoint(local, localPort)})";
        return $"Host {ApiLimits.Echo(host.Value)} does not name this director's admin API{here}; use its address, or add the name to lvs.admin.api.allowed-hosts";
    }

    // "[::1]" → "::1", "example.org." → "example.org".
    private static string Normal(string host) => host.Trim('[', ']').TrimEnd('.');
}
