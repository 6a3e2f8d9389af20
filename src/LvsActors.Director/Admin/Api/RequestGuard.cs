using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace LvsActors.Director.Admin.Api;

/// <summary>
/// Checks every request before routing, logging or authorisation sees it: its Host (421), the size of its target
/// (414), headers (431) and declared body (413), and control characters in its path (400). Kestrel's own limits sit
/// above these, so that a request between the two is answered with a problem that names the limit.
/// </summary>
internal static class RequestGuard
{
    public static async Task InvokeAsync(HttpContext http, HostCheck hosts, Func<Task> next)
    {
        if (Refusal(http, hosts) is { } refusal)
        {
            if (refusal.Status == StatusCodes.Status413PayloadTooLarge)
            {
                // The body is left unread, and Kestrel will not drain more than its limit: say that the connection
                // ends here, or a client that reuses it finds the next answer cut short.
                http.Response.Headers.Connection = "close";
            }
            await Problems.Of(http, refusal.Status, refusal.Title, refusal.Detail).ExecuteAsync(http);
            return;
        }
        await next();
    }

    private static (int Status, string Title, string Detail)? Refusal(HttpContext http, HostCheck hosts)
    {
        var request = http.Request;
        if (hosts.Refuse(request.Host, http.Connection.LocalIpAddress, http.Connection.LocalPort) is { } misdirected)
        {
            return (StatusCodes.Status421MisdirectedRequest, "Misdirected request", misdirected);
        }
        var target = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.Value + request.QueryString.Value;
        if (target.Length > ApiLimits.MaxTargetLength)
        {
            return (StatusCodes.Status414UriTooLong, "URI too long",
                $"the request target is {target.Length} characters long; at most {ApiLimits.MaxTargetLength} are accepted");
        }
        var headerBytes = request.Headers.Sum(h => h.Key.Length + h.Value.Sum(v => v?.Length ?? 0));
        if (request.Headers.Count > ApiLimits.MaxHeaderCount || headerBytes > ApiLimits.MaxHeaderBytes)
        {
            return (StatusCodes.Status431RequestHeaderFieldsTooLarge, "Request headers too large",
                $"the request has {request.Headers.Count} headers of {headerBytes} bytes; at most {ApiLimits.MaxHeaderCount} headers of {ApiLimits.MaxHeaderBytes} bytes in all are accepted");
        }
        if (request.ContentLength > ApiLimits.MaxBodyBytes)
        {
            return (StatusCodes.Status413PayloadTooLarge, "Body too large",
                $"the body is {request.ContentLength} bytes; at most {ApiLimits.MaxBodyBytes} are accepted");
        }
        // The path is logged by the writes and their refusals: a decoded %0A in it would start a forged log line.
        if (ApiLimits.ControlIn("the path", request.Path.Value ?? "") is { } badPath)
        {
            return (StatusCodes.Status400BadRequest, "Malformed request", badPath);
        }
        var badQuery = request.Query.SelectMany(q => q.Value.Prepend(q.Key)).Select(v => ApiLimits.ControlIn("the query", v ?? "")).FirstOrDefault(e => e is not null);
        if (badQuery is not null)
        {
            return (StatusCodes.Status400BadRequest, "Malformed request", badQuery);
        }
        return null;
    }
}
