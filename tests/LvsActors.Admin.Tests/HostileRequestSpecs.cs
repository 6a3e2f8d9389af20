using System.Net;
using System.Text;
using System.Text.Json;
using Akka.Actor;
using LvsActors.Director.Intent;

namespace LvsActors.Admin.Tests;

/// <summary>
/// Careless and hostile requests: each is answered 4xx with a problem (application/problem+json) that says what is
/// wrong, changes nothing, forges no log line and repeats no more than a bounded part of what was sent.
/// </summary>
public sealed class HostileRequestSpecs(AdminApiFixture f) : IClassFixture<AdminApiFixture>
{
    private const string Rs1Path = "api/v1/services/web/real-servers/198.51.100.11:80";

    private async Task<long> Version() => (await f.Host.AdminState.Ask<AdminStateChanged>(GetAdminIntent.Instance, TimeSpan.FromSeconds(5))).Version;

    /// <summary>Asserts a problem answer with <paramref name="status"/> and returns its detail.</summary>
    internal static async Task<string> Problem(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        var detail = problem.GetProperty("detail").GetString();
        Assert.False(string.IsNullOrWhiteSpace(detail), text);
        return detail!;
    }

    private HttpRequestMessage Request(HttpMethod method, string path, string? body = null, bool token = true)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }
        if (token)
        {
            request.Headers.Authorization = new("Bearer", AdminApiFixture.Token);
        }
        return request;
    }

    [Fact]
    public async Task A_duplicate_JSON_key_is_400_naming_the_key_and_changes_nothing()
    {
        var before = await Version();
        var response = await f.Anonymous.SendAsync(Request(HttpMethod.Put, Rs1Path + "/weight", "{\"weight\":1,\"weight\":70000}"));
        Assert.Equal("field weight appears more than once; send each field once", await Problem(response, HttpStatusCode.BadRequest));
        Assert.Equal(before, await Version());
    }

    [Theory]
    [InlineData("{\"timeout\": 1e20}")]
    [InlineData("{\"timeout\": -1e300}")]
    [InlineData("{\"timeout\": \"99999999999d\"}")]
    [InlineData("{\"timeout\": \"1e400s\"}")]
    [InlineData("{\"timeout\": \"8d\"}")]
    public async Task A_drain_timeout_out_of_range_is_400_naming_the_field(string body)
    {
        var before = await Version();
        var response = await f.Anonymous.SendAsync(Request(HttpMethod.Post, Rs1Path + "/drain", body));
        Assert.StartsWith("field timeout: ", await Problem(response, HttpStatusCode.BadRequest));
        Assert.Equal(before, await Version());
    }

    [Theory]
    [InlineData("api/v1/services/web/real-servers", "{\"address\": \"\\uD800\"}")]
    [InlineData("api/v1/services/web/real-servers", "{\"\\uDFFF\": 1}")]
    [InlineData("api/v1/services/web/real-servers", "{\"address\": \"198.51.100.50:80\", \"weight\": 1e400}")]
    [InlineData(Rs1Path + "/drain", "{\"timeout\": \"\\u0000\"}")]
    [InlineData(Rs1Path + "/drain", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]")]
    [InlineData(Rs1Path + "/drain", "{\"timeout\": 1")]
    [InlineData(Rs1Path + "/drain", "\"10m\"")]
    public async Task A_body_that_is_not_a_writable_object_is_a_400_problem(string path, string body)
    {
        var before = await Version();
        await Problem(await f.Anonymous.SendAsync(Request(HttpMethod.Post, path, body)), HttpStatusCode.BadRequest);
        Assert.Equal(before, await Version());
    }

    [Fact]
    public async Task An_unknown_route_is_a_404_problem()
    {
        var detail = await Problem(await f.Anonymous.GetAsync("api/v1/nothing-here"), HttpStatusCode.NotFound);
        Assert.Contains("GET /api/v1/nothing-here", detail);
    }

    [Fact]
    public async Task A_wrong_method_is_a_405_problem_naming_the_allowed_one()
    {
        var detail = await Problem(await f.Anonymous.GetAsync("api/v1/reload"), HttpStatusCode.MethodNotAllowed);
        Assert.Contains("POST", detail);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_a_413_problem()
    {
        var before = await Version();
        var body = "{\"address\": \"" + new string('1', 20_000) + "\"}";
        var detail = await Problem(await f.Anonymous.SendAsync(Request(HttpMethod.Post, "api/v1/services/web/real-servers", body)), HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("16384", detail);
        Assert.Equal(before, await Version());
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_a_413_problem()
    {
        var before = await Version();
        var body = new MemoryStream(Encoding.UTF8.GetBytes("{\"address\": \"" + new string('1', 20_000) + "\"}"));
        using var request = Request(HttpMethod.Post, "api/v1/services/web/real-servers");
        request.Content = new StreamContent(body);
        request.Headers.TransferEncodingChunked = true;
        await Problem(await f.Anonymous.SendAsync(request), HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(before, await Version());
    }

    [Fact]
    public async Task A_target_over_the_limit_is_a_414_problem()
    {
        var detail = await Problem(await f.Anonymous.GetAsync("api/v1/services/" + new string('w', 3000)), HttpStatusCode.RequestUriTooLong);
        Assert.Contains("2048", detail);
    }

    [Fact]
    public async Task Headers_over_the_limit_are_a_431_problem()
    {
        using var many = new HttpRequestMessage(HttpMethod.Get, "api/v1/status");
        for (var i = 0; i < 70; i++)
        {
            many.Headers.Add($"X-Filler-{i}", "x");
        }
        Assert.Contains("64 headers", await Problem(await f.Anonymous.SendAsync(many), HttpStatusCode.RequestHeaderFieldsTooLarge));
        using var large = new HttpRequestMessage(HttpMethod.Get, "api/v1/status");
        large.Headers.Add("X-Filler", new string('x', 20_000));
        Assert.Contains("16384 bytes", await Problem(await f.Anonymous.SendAsync(large), HttpStatusCode.RequestHeaderFieldsTooLarge));
    }

    [Theory]
    [InlineData("198.51.100.11:80%0A2026-01-01 12:00:00 [INF] forged line", "U+000A")]
    [InlineData("198.51.100.11:80%0D%0Aforged", "U+000D")]
    [InlineData("%1B[31mforged", "U+001B")]
    [InlineData("x%C2%85forged", "U+0085")]
    [InlineData("x%E2%80%A8forged", "U+2028")]
    [InlineData("x%7Fforged", "U+007F")]
    public async Task A_control_character_in_a_name_is_400_before_anything_is_logged(string server, string named)
    {
        var logged = f.Log.Events.Count;
        var anonymous = await f.Anonymous.SendAsync(Request(HttpMethod.Post, $"api/v1/services/web/real-servers/{server}/drain", token: false));
        Assert.Contains(named, await Problem(anonymous, HttpStatusCode.BadRequest));
        var read = await f.Anonymous.GetAsync($"api/v1/services/{server}");
        Assert.Contains(named, await Problem(read, HttpStatusCode.BadRequest));
        var authorised = await f.Anonymous.SendAsync(Request(HttpMethod.Delete, $"api/v1/services/web/real-servers/{server}"));
        Assert.Contains(named, await Problem(authorised, HttpStatusCode.BadRequest));
        Assert.DoesNotContain(f.Log.Events.Skip(logged), e => e.RenderMessage().Contains("forged") || e.RenderMessage().Contains('\u001B'));
    }

    [Fact]
    public async Task A_long_address_is_refused_with_its_length_and_not_repeated()
    {
        var before = await Version();
        var address = "198.51.100.30:80" + new string('0', 1000);
        var logged = f.Log.Events.Count;
        var response = await f.Anonymous.SendAsync(Request(HttpMethod.Post, "api/v1/services/web/real-servers", JsonSerializer.Serialize(new { address })));
        var detail = await Problem(response, HttpStatusCode.BadRequest);
        Assert.Equal("field address is 1016 characters long; at most 64 are accepted", detail);
        Assert.All(f.Log.Events.Skip(logged), e => Assert.True(e.RenderMessage().Length < 400, e.RenderMessage()));
        Assert.Equal(before, await Version());
    }

    [Fact]
    public async Task A_control_character_in_a_body_address_is_400_and_unlogged()
    {
        var logged = f.Log.Events.Count;
        var response = await f.Anonymous.SendAsync(Request(HttpMethod.Post, "api/v1/services/web/real-servers",
            JsonSerializer.Serialize(new { address = "198.51.100.31:80\n2026-01-01 [INF] forged" })));
        Assert.Contains("U+000A", await Problem(response, HttpStatusCode.BadRequest));
        Assert.DoesNotContain(f.Log.Events.Skip(logged), e => e.RenderMessage().Contains('\n'));
    }

    [Fact]
    public async Task Recent_events_name_the_writer_and_show_nothing_derived_from_its_token()
    {
        Assert.Equal(HttpStatusCode.OK, (await f.Anonymous.SendAsync(Request(HttpMethod.Post, "api/v1/services/web/maintenance"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await f.Anonymous.SendAsync(Request(HttpMethod.Post, "api/v1/services/web/restore"))).StatusCode);
        var text = await f.Anonymous.GetStringAsync("api/v1/events?limit=1000");
        Assert.Contains("by token@127.0.0.1", text);
        Assert.DoesNotContain("sha256", text);
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("evil.example:{port}")]
    [InlineData("127.0.0.1:1")]
    [InlineData("localhost")]
    public async Task A_foreign_Host_is_a_421_problem_and_changes_nothing(string host)
    {
        var before = await Version();
        using var read = new HttpRequestMessage(HttpMethod.Get, "api/v1/status");
        read.Headers.Host = host.Replace("{port}", f.Api.Address.Port.ToString());
        Assert.Contains("allowed-hosts", await Problem(await f.Anonymous.SendAsync(read), HttpStatusCode.MisdirectedRequest));
        using var write = Request(HttpMethod.Put, Rs1Path + "/weight", "{\"weight\": 9}");
        write.Headers.Host = read.Headers.Host;
        await Problem(await f.Anonymous.SendAsync(write), HttpStatusCode.MisdirectedRequest);
        Assert.Equal(before, await Version());
    }

    [Theory]
    [InlineData("localhost:{port}")]
    [InlineData("LOCALHOST:{port}")]
    [InlineData("127.0.0.1:{port}")]
    public async Task The_bind_address_and_localhost_with_its_port_are_answered(string host)
    {
        using var read = new HttpRequestMessage(HttpMethod.Get, "api/v1/status");
        read.Headers.Host = host.Replace("{port}", f.Api.Address.Port.ToString());
        Assert.Equal(HttpStatusCode.OK, (await f.Anonymous.SendAsync(read)).StatusCode);
    }

    [Fact]
    public async Task A_query_that_is_not_a_number_is_a_400_problem()
    {
        Assert.StartsWith("query parameter limit=abc is not a whole number", await Problem(await f.Anonymous.GetAsync("api/v1/events?limit=abc"), HttpStatusCode.BadRequest));
        Assert.StartsWith("query parameter limit=99999999999 is not", await Problem(await f.Anonymous.GetAsync("api/v1/events?limit=99999999999"), HttpStatusCode.BadRequest));
    }
}
