using System.Globalization;
using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LvsActors.Director.Admin.Api;

/// <summary>The reads. They need no token: the API listens on loopback by default, and they change nothing.</summary>
internal static class ReadEndpoints
{
    public static void Map(IEndpointRouteBuilder app, ApiContext context)
    {
        app.MapGet("/api/v1/status", async (HttpContext http) =>
        {
            // Asked beside the director's own status, so a slow cluster query adds no latency of its own.
            var cluster = context.Cluster.ReadAsync(http.RequestAborted);
            return await Read(http, context, s => Results.Ok(Views.Of(s, cluster.Result)), cluster);
        });
        app.MapGet("/api/v1/services", (Delegate)((HttpContext http) => Read(http, context, s => Results.Ok(Views.ServicesOf(s)))));
        app.MapGet("/api/v1/services/{service}", async (HttpContext http, string service) => RouteNames.Check(http) is { } badName
            ? Problems.BadRequest(http, badName)
            : await Read(http, context, s => Views.ServicesOf(s).FirstOrDefault(v => v.Name == service) is { } view
                ? Results.Ok(view)
                : Problems.Of(http, StatusCodes.Status404NotFound, "Not found",
                    $"virtual service {ApiLimits.Echo(service)} is not configured; configured: {string.Join(", ", s.Services.Select(x => x.Name))}")));
        app.MapGet("/api/v1/admin", (Delegate)((HttpContext http) => Read(http, context, s => s.Admin is { } admin
            ? Results.Ok(new { version = admin.Version, intent = admin.Intent.Services })
            : Problems.Unavailable(http, s.AdminError ?? "the admin state did not answer"))));
        app.MapGet("/api/v1/events", async (HttpContext http, string? limit) =>
        {
            var count = 50;
            if (limit is not null && !int.TryParse(limit, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out count))
            {
                return Problems.BadRequest(http, $"query parameter limit={ApiLimits.Echo(limit)} is not a whole number; accepted: 1 to {int.MaxValue}");
            }
            if (count < 1)
            {
                return Problems.BadRequest(http, $"query parameter limit={count} is out of range; accepted: 1 or more");
            }
            try
            {
                var recent = await context.Events.Ask<RecentEvents>(new GetRecentEvents(count), context.AskTimeout, http.RequestAborted);
                return Results.Ok(recent.Events);
            }
            catch (AskTimeoutException)
            {
                return Busy(http, context);
            }
        });
    }

    /// <param name="alongside">Awaited too before <paramref name="answer"/> runs, so that it may read the result.</param>
    private static async Task<IResult> Read(HttpContext http, ApiContext context, Func<DirectorStatus, IResult> answer, Task? alongside = null)
    {
        try
        {
            var status = await context.Reader.ReadAsync(http.RequestAborted);
            if (alongside is not null)
            {
                await alongside;
            }
            return answer(status);
        }
        catch (AskTimeoutException)
        {
            return Busy(http, context);
        }
    }

    private static IResult Busy(HttpContext http, ApiContext context) =>
        Problems.Of(http, StatusCodes.Status503ServiceUnavailable, "Director busy", $"the director did not answer within {context.AskTimeout.TotalSeconds:0.#}s");
}
