using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LvsActors.Director.Admin.Api;

/// <summary>
/// The status page at / (in the spirit of HAProxy's stats page): an HTML page and its script and style, embedded in
/// the assembly so that nothing is loaded from the internet. The page reads the JSON endpoints and writes through
/// them with the operator's token; it adds no endpoint of its own.
/// </summary>
internal static class StatusPage
{
    private const string ResourcePrefix = "LvsActors.Director.StatusPage.";

    // Only the page's own files, from this origin: a page that holds a write token runs no script from elsewhere.
    private const string Policy = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private static readonly Dictionary<string, (string ContentType, byte[] Bytes)> Assets = Load();

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", (HttpContext http) => Serve(http, "index.html"));
        app.MapGet("/status-page/{file}", (HttpContext http, string file) => Serve(http, file));
    }

    private static IResult Serve(HttpContext http, string file)
    {
        if (!Assets.TryGetValue(file, out var asset) || file == "index.html" && http.Request.Path != "/")
        {
            return Problems.Of(http, StatusCodes.Status404NotFound, "Not found",
                $"the status page has no file {ApiLimits.Echo(file)}; it has {string.Join(", ", Assets.Keys.Where(k => k != "index.html").Order(StringComparer.Ordinal))}");
        }
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = Policy;
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "no-cache";
        return Results.Bytes(asset.Bytes, asset.ContentType);
    }

    private static Dictionary<string, (string, byte[])> Load()
    {
        var assembly = typeof(StatusPage).Assembly;
        var assets = new Dictionary<string, (string, byte[])>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var file = name[ResourcePrefix.Length..];
            assets[file] = (ContentTypeOf(file), copy.ToArray());
        }
        return assets;
    }

    private static string ContentTypeOf(string file) => Path.GetExtension(file) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        _ => "application/octet-stream",
    };
}
