using Akka.Actor;
using LvsActors.Director.Intent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LvsActors.Director.Admin.Api;

/// <summary>
/// The writes: each needs a bearer token, is logged with who (token name, remote address) and what, and is answered
/// only once the AdminState has persisted its event — or refused with a problem that says why.
/// </summary>
internal static class WriteEndpoints
{
    private const string Rs = "/api/v1/services/{service}/real-servers/{server}";

    public static void Map(IEndpointRouteBuilder app, ApiContext c)
    {
        app.MapPost(Rs + "/drain", (HttpContext h, string service, string server) =>
            Write(h, c, ["timeout"], (b, by) => new DrainRealServer(service, server, b.Duration("timeout"), by)));
        app.MapPost(Rs + "/restore", (HttpContext h, string service, string server) =>
            Write(h, c, [], (_, by) => new RestoreRealServer(service, server, by)));
        app.MapPost(Rs + "/maintenance", (HttpContext h, string service, string server) =>
            Write(h, c, [], (_, by) => new StartRealServerMaintenance(service, server, by)));
        app.MapPut(Rs + "/weight", (HttpContext h, string service, string server) =>
            Write(h, c, ["weight"], (b, by) => b.Integer("weight", 0, Model.RealServer.MaxWeight, required: true) is { } w ? new OverrideWeight(service, server, w, by) : null));
        app.MapDelete(Rs, (HttpContext h, string service, string server) =>
            Write(h, c, [], (_, by) => new RemoveRealServer(service, server, by)));
        app.MapPost("/api/v1/services/{service}/real-servers", (HttpContext h, string service) =>
            Write(h, c, ["address", "weight", "checksLike"], (b, by) =>
            {
                var address = b.Name("address", ApiLimits.MaxAddress, required: true);
                var weight = b.Integer("weight", 0, Model.RealServer.MaxWeight, required: false) ?? Model.RealServer.DefaultWeight;
                var like = b.Name("checksLike", ApiLimits.MaxAddress, required: false);
                return address is null ? null : new AddRealServer(service, address, weight, like, by);
            }));
        app.MapPost("/api/v1/services/{service}/maintenance", (HttpContext h, string service) =>
            Write(h, c, [], (_, by) => new StartServiceMaintenance(service, by)));
        app.MapPost("/api/v1/services/{service}/restore", (HttpContext h, string service) =>
            Write(h, c, [], (_, by) => new RestoreVirtualService(service, by)));
        app.MapPost("/api/v1/reload", (Delegate)((HttpContext h) => Reload(h, c)));
        DirectorDrainEndpoints.Map(app, c, Authorize, Unauthorized);
    }

    private static async Task<IResult> Write(HttpContext http, ApiContext c, string[] fields, Func<RequestBody, string, IAdminCommand?> build)
    {
        var log = c.Options.Log;
        // Checked before anything is logged: the names are part of the logged path.
        if (RouteNames.Check(http) is { } badName)
        {
            return Problems.BadRequest(http, badName);
        }
        if (Authorize(http, c) is not { } by)
        {
            return Unauthorized(http, c);
        }
        var (body, problem) = await RequestBody.ReadAsync(http.Request, fields);
        var command = body is null ? null : build(body, by);
        if (body is null || command is null || body.Errors.Count > 0)
        {
            problem ??= new BodyProblem(StatusCodes.Status400BadRequest, string.Join("; ", body!.Errors));
            log.Warning("Admin API {Method} {Path} by {By}: malformed: {Problem}", http.Request.Method, http.Request.Path.Value, by, problem.Detail);
            if (problem.Status != StatusCodes.Status400BadRequest)
            {
                // The rest of an oversized body is unread: the connection cannot carry another request.
                http.Response.Headers.Connection = "close";
                return Problems.Of(http, problem.Status, "Body too large", problem.Detail);
            }
            return Problems.BadRequest(http, problem.Detail);
        }
        AdminWriteResult result;
        try
        {
            result = await c.AdminState.Ask<AdminWriteResult>(command, c.AskTimeout, http.RequestAborted);
        }
        catch (AskTimeoutException)
        {
            result = new AdminWriteFailed($"the admin state did not answer within {c.AskTimeout.TotalSeconds:0.#}s; the journal may be slow or unreachable, see the director log; the write may still be applied");
        }
        switch (result)
        {
            case AdminWriteAccepted accepted:
                log.Information("Admin API {Method} {Path} by {By}: {Command} accepted, {Outcome} (version {Version})", http.Request.Method, http.Request.Path.Value, by,
                    command.GetType().Name, accepted.Event is null ? "nothing to change" : accepted.Event.GetType().Name, accepted.Version);
                return Results.Ok(new WriteResponse(accepted.Event is not null, accepted.Version, accepted.Event?.GetType().Name));
            case AdminWriteRejected rejected:
                log.Warning("Admin API {Method} {Path} by {By}: {Command} rejected: {Problem}", http.Request.Method, http.Request.Path.Value, by, command.GetType().Name, rejected.Detail);
                return Problems.Rejected(http, rejected);
            default:
                var reason = ((AdminWriteFailed)result).Reason;
                log.Error("Admin API {Method} {Path} by {By}: {Command} failed: {Problem}", http.Request.Method, http.Request.Path.Value, by, command.GetType().Name, reason);
                return Problems.Unavailable(http, reason);
        }
    }

    private static async Task<IResult> Reload(HttpContext http, ApiContext c)
    {
        if (Authorize(http, c) is not { } by)
        {
            return Unauthorized(http, c);
        }
        if (c.Options.Reload is not { } reload)
        {
            return Problems.Of(http, StatusCodes.Status501NotImplemented, "No configuration file", "this director was not started from a file, so there is nothing to reload");
        }
        // A reload that fails while applying throws: ErrorAnswers logs it once and answers 500 with a correlation id,
        // never the exception's text, which may carry internals.
        var outcome = await reload(http.RequestAborted);
        if (outcome.Reloaded is not { } r)
        {
            c.Options.Log.Warning("Admin API reload by {By} refused: {Problem}", by, string.Join("; ", outcome.Errors));
            // 422: the request was fine, the file it points at is not; each error is file:line: key.path: what is wrong.
            return Results.Problem(detail: "the configuration file is invalid, nothing was changed: " + string.Join("; ", outcome.Errors),
                instance: http.Request.Path, statusCode: StatusCodes.Status422UnprocessableEntity, title: "Invalid configuration",
                extensions: new Dictionary<string, object?> { ["errors"] = outcome.Errors });
        }
        c.Options.Log.Information("Admin API reload by {By}: {Added} added, {Changed} changed, {Removed} removed, {Unchanged} unchanged", by, r.Added, r.Changed, r.Removed, r.Unchanged);
        return Results.Ok(r);
    }

    /// <summary>Who is writing: "NAME@ADDRESS" (see <see cref="ApiTokens"/>), or null when the bearer token is missing or unknown.</summary>
    private static string? Authorize(HttpContext http, ApiContext c) =>
        c.Tokens.Identify(http.Request.Headers.Authorization.ToString()) is { } id ? $"{id}@{http.Connection.RemoteIpAddress}" : null;

    private static IResult Unauthorized(HttpContext http, ApiContext c)
    {
        c.Options.Log.Warning("Admin API {Method} {Path} from {RemoteAddress}: refused, no valid bearer token", http.Request.Method, http.Request.Path.Value, http.Connection.RemoteIpAddress?.ToString());
        http.Response.Headers.WWWAuthenticate = "Bearer";
        return Problems.Of(http, StatusCodes.Status401Unauthorized, "Unauthorized", c.Tokens.Any
            ? "writes need the header Authorization: Bearer TOKEN with a token from lvs.admin.api.token or token-file; nothing was changed"
            : "writes are refused: no token is configured (set lvs.admin.api.token or token-file); nothing was changed");
    }
}
