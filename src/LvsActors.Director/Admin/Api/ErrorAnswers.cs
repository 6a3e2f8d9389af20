using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace LvsActors.Director.Admin.Api;

/// <summary>
/// Makes every error answer a problem (application/problem+json) with a detail: the framework's own bare answers
/// (no route, wrong method, a body Kestrel refused) and unexpected exceptions, which are logged once with a
/// correlation id that the answer repeats — the answer itself never carries the exception or its stack trace.
/// </summary>
internal static class ErrorAnswers
{
    /// <summary>Runs <paramref name="next"/>, turning what it throws into a problem.</summary>
    public static async Task CatchAsync(HttpContext http, Serilog.ILogger log, Func<Task> next)
    {
        try
        {
            await next();
        }
        catch (BadHttpRequestException e) when (!http.Response.HasStarted)
        {
            // Kestrel's refusals (a body over the limit, a body cut short) and the framework's binding failures.
            http.Response.Clear();
            // What is left of the request is unread; the connection cannot carry another one.
            http.Response.Headers.Connection = "close";
            await Problems.Of(http, e.StatusCode, Title(e.StatusCode), ApiLimits.Echo(e.Message, 300)).ExecuteAsync(http);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away: there is no one to answer.
        }
        catch (Exception e)
        {
            var id = http.TraceIdentifier;
            log.Error(e, "Admin API {Method} {Path}: unexpected failure, correlation id {CorrelationId}",
                http.Request.Method, ApiLimits.Echo(http.Request.Path.Value ?? "", 300), id);
            if (http.Response.HasStarted)
            {
                http.Abort();
                return;
            }
            http.Response.Clear();
            await Results.Problem(
                detail: $"the director failed to answer this request; its log has the reason under correlation id {id}. A write may or may not have been applied: see GET /api/v1/admin",
                instance: Problems.Instance(http), statusCode: StatusCodes.Status500InternalServerError, title: "Internal error",
                extensions: new Dictionary<string, object?> { ["correlationId"] = id }).ExecuteAsync(http);
        }
    }

    /// <summary>Gives a bare error answer (no body) its problem: 404 no such route, 405 wrong method, and the rest.</summary>
    public static Task DescribeAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var status = http.Response.StatusCode;
        var target = $"{http.Request.Method} {ApiLimits.Echo(http.Request.Path.Value ?? "", 300)}";
        var detail = status switch
        {
            StatusCodes.Status404NotFound => $"there is no {target}; the API is GET /api/v1/status, /api/v1/services[/NAME], /api/v1/admin, /api/v1/events, /metrics and the writes under /api/v1/services/NAME/…",
            StatusCodes.Status405MethodNotAllowed => $"{target} is not allowed; allowed on this path: {(http.Response.Headers.Allow.Count > 0 ? http.Response.Headers.Allow.ToString() : "other methods")}",
            _ => $"{target}: {Title(status)}",
        };
        return Problems.Of(http, status, Title(status), detail).ExecuteAsync(http);
    }

    private static string Title(int status) => ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error";
}
