using LvsActors.Director.Intent;
using Microsoft.AspNetCore.Http;

namespace LvsActors.Director.Admin.Api;

/// <summary>RFC 7807 problem details that say what is wrong and where (the request path is the instance).</summary>
internal static class Problems
{
    public static IResult Of(HttpContext http, int status, string title, string detail) =>
        Results.Problem(detail: detail, instance: Instance(http), statusCode: status, title: title);

    public static IResult BadRequest(HttpContext http, string detail) => Of(http, StatusCodes.Status400BadRequest, "Malformed request", detail);

    public static IResult Unavailable(HttpContext http, string detail) => Of(http, StatusCodes.Status503ServiceUnavailable, "Admin state unavailable", detail);

    public static IResult Rejected(HttpContext http, AdminWriteRejected rejected) => rejected.Kind switch
    {
        AdminRejection.NotFound => Of(http, StatusCodes.Status404NotFound, "Not found", rejected.Detail),
        AdminRejection.Conflict => Of(http, StatusCodes.Status409Conflict, "Conflict", rejected.Detail),
        _ => Of(http, StatusCodes.Status400BadRequest, "Invalid value", rejected.Detail),
    };

    /// <summary>The request path as a problem's instance, quoted like any value a client sent.</summary>
    public static string Instance(HttpContext http) => ApiLimits.Echo(http.Request.Path.Value ?? "", ApiLimits.MaxTargetLength);
}
