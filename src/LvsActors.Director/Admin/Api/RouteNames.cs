using Microsoft.AspNetCore.Http;

namespace LvsActors.Director.Admin.Api;

/// <summary>The names a path carries — {service} and {server} — checked against <see cref="ApiLimits"/>.</summary>
internal static class RouteNames
{
    /// <summary>Why the path's names are refused, or null.</summary>
    public static string? Check(HttpContext http)
    {
        var values = http.Request.RouteValues;
        return Check("virtual service name", values["service"] as string, ApiLimits.MaxServiceName)
            ?? Check("real-server address", values["server"] as string, ApiLimits.MaxAddress);
    }

    private static string? Check(string what, string? value, int maxLength) =>
        value is null ? null : ApiLimits.CheckName(what, value, maxLength);
}
