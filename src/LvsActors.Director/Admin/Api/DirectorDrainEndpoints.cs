using Akka.Actor;
using LvsActors.Director.Anycast;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LvsActors.Director.Admin.Api;

/// <summary>
/// POST /api/v1/director/drain and /undrain (active-active): this director withdraws every VIP from the routers, or
/// announces them again; GET /api/v1/director/drain says which. Its table and checks go on, so the flows the routers
/// move to the other directors keep their real servers. Writes need a bearer token, like every write. A drain is this
/// director's state, not replicated intent: a restarted director announces again (`lvsactors director-drain` after a
/// restart, or a track script, keeps it out).
/// </summary>
internal static class DirectorDrainEndpoints
{
    public static void Map(IEndpointRouteBuilder app, ApiContext c, Func<HttpContext, ApiContext, string?> authorize, Func<HttpContext, ApiContext, IResult> unauthorized)
    {
        app.MapGet("/api/v1/director/drain", (Delegate)((HttpContext h) => Ask(h, c, GetDirectorDrain.Instance)));
        app.MapPost("/api/v1/director/drain", (Delegate)((HttpContext h) => Change(h, c, true, authorize, unauthorized)));
        app.MapPost("/api/v1/director/undrain", (Delegate)((HttpContext h) => Change(h, c, false, authorize, unauthorized)));
    }

    private static async Task<IResult> Change(HttpContext http, ApiContext c, bool drained, Func<HttpContext, ApiContext, string?> authorize, Func<HttpContext, ApiContext, IResult> unauthorized)
    {
        if (authorize(http, c) is not { } by)
        {
            return unauthorized(http, c);
        }
        var answer = await Ask(http, c, new DrainDirector(drained));
        c.Options.Log.Information("Admin API {Path} by {By}", http.Request.Path.Value, by);
        return answer;
    }

    private static async Task<IResult> Ask(HttpContext http, ApiContext c, object question)
    {
        var host = c.Options.Host;
        if (host.Leadership is not { ActiveActive: true, Holder: { } holder })
        {
            return Problems.Of(http, StatusCodes.Status409Conflict, "Not active-active",
                "only a director of an active-active cluster (lvs.cluster.mode = active-active) announces the VIPs itself; in active-standby move them by stopping the owner");
        }
        try
        {
            var state = await holder.Ask<DirectorDrainState>(question, c.AskTimeout, http.RequestAborted);
            return Results.Ok(state);
        }
        catch (AskTimeoutException)
        {
            return Problems.Unavailable(http, $"the director's VIP holder did not answer within {c.AskTimeout.TotalSeconds:0.#}s");
        }
    }
}
