using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace LvsActors.Cli;

/// <summary>A call to the admin API: the answer's JSON, or the problem it reported (or why it could not be reached).</summary>
internal sealed record ApiAnswer(JsonElement? Json, string Raw, string? Problem, int ExitCode);

/// <summary>Talks to a director's admin API; turns RFC 7807 problems into one readable line.</summary>
internal sealed class AdminClient(Uri api, string? token, X509Certificate2Collection? ca = null)
{
    public Uri Api => api;

    public Task<ApiAnswer> GetAsync(string path, CancellationToken ct) => SendAsync(HttpMethod.Get, path, null, ct);

    // With --ca the server's certificate must chain to that CA alone (a private CA, as cluster-certs makes) and name
    // the host of the URL; without it the machine's trusted roots decide, as for any HTTPS site.
    private HttpClientHandler Handler()
    {
        var handler = new HttpClientHandler();
        if (ca is not null)
        {
            handler.ServerCertificateCustomValidationCallback = (_, certificate, _, errors) =>
                certificate is not null && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0
                && Tls.ClusterCertificates.Verify(certificate, ca, DateTimeOffset.UtcNow) is null;
        }
        return handler;
    }

    public async Task<ApiAnswer> SendAsync(HttpMethod method, string path, object? body, CancellationToken ct)
    {
        using var http = new HttpClient(Handler(), disposeHandler: true) { BaseAddress = api, Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        if (body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        }
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (HttpRequestException e)
        {
            return new ApiAnswer(null, "", $"cannot reach the admin API at {api}: {e.Message} (is the director running? see --api, --config)", ExitCodes.Failed);
        }
        var raw = await response.Content.ReadAsStringAsync(ct);
        JsonElement? json = null;
        try
        {
            json = raw.Length == 0 ? null : JsonDocument.Parse(raw).RootElement;
        }
        catch (JsonException)
        {
        }
        if (response.IsSuccessStatusCode)
        {
            return new ApiAnswer(json, raw, null, ExitCodes.Ok);
        }
        var detail = json is { ValueKind: JsonValueKind.Object } j && j.TryGetProperty("detail", out var d) ? d.GetString() : raw;
        var title = json is { ValueKind: JsonValueKind.Object } t && t.TryGetProperty("title", out var tt) ? tt.GetString() : response.ReasonPhrase;
        var code = response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.InternalServerError ? ExitCodes.Failed : ExitCodes.Invalid;
        return new ApiAnswer(json, raw, $"{(int)response.StatusCode} {title}: {detail}", code);
    }
}
