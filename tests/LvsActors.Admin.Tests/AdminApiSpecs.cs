using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Akka.Actor;
using LvsActors.Director.Intent;
using static LvsActors.Admin.Tests.TestDirector;

namespace LvsActors.Admin.Tests;

/// <summary>The HTTP admin API against a running director: reads, authorised writes, and problems that say what is wrong.</summary>
public sealed class AdminApiSpecs(AdminApiFixture f) : IClassFixture<AdminApiFixture>
{
    private const string Rs1Path = "api/v1/services/web/real-servers/198.51.100.11:80";

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private async Task<long> Version() => (await f.Host.AdminState.Ask<AdminStateChanged>(GetAdminIntent.Instance, TimeSpan.FromSeconds(5))).Version;

    [Fact]
    public async Task Status_shows_services_real_servers_health_and_the_data_plane_counters()
    {
        var status = await Json(await f.Anonymous.GetAsync("api/v1/status"));
        Assert.Equal("dry-run", status.GetProperty("director").GetProperty("dataPlane").GetString());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("director").GetProperty("cluster").ValueKind);
        var web = status.GetProperty("services")[0];
        Assert.Equal("web", web.GetProperty("name").GetString());
        var rs2 = web.GetProperty("realServers").EnumerateArray().Single(r => r.GetProperty("address").GetString() == Rs2);
        Assert.True(rs2.GetProperty("up").GetBoolean());
        var rs1 = web.GetProperty("realServers").EnumerateArray().Single(r => r.GetProperty("address").GetString() == Rs1);
        Assert.Equal(7, rs1.GetProperty("activeConnections").GetInt64());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong")]
    public async Task A_write_without_a_valid_token_gets_401_and_changes_nothing(string? token)
    {
        var before = await Version();
        using var request = new HttpRequestMessage(HttpMethod.Put, Rs1Path + "/weight") { Content = JsonContent.Create(new { weight = 9 }) };
        if (token is not null)
        {
            request.Headers.Authorization = new("Bearer", token);
        }
        var response = await f.Anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Authorization: Bearer", (await Json(response)).GetProperty("detail").GetString());
        Assert.Equal(before, await Version());
        Assert.NotEqual(9, WeightOf(f.Plane, Rs1));
    }

    [Theory]
    [InlineData("{\"weight\": \"heavy\"}", "field weight: \"heavy\" is not accepted; accepted: a whole number from 0 to 65535")]
    [InlineData("{\"weight\": 70000}", "field weight: 70000 is not accepted; accepted: a whole number from 0 to 65535")]
    [InlineData("{}", "field weight is required: a whole number from 0 to 65535")]
    [InlineData("{\"wieght\": 5}", "unknown field wieght; accepted: weight")]
    [InlineData("weight=5", "the body is not JSON")]
    public async Task A_malformed_request_gets_400_with_the_reason(string body, string reason)
    {
        var response = await f.Operator.PutAsync(Rs1Path + "/weight", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await Json(response);
        Assert.StartsWith(reason, problem.GetProperty("detail").GetString());
        Assert.Equal("/" + Rs1Path + "/weight", problem.GetProperty("instance").GetString());
    }

    [Fact]
    public async Task A_write_is_logged_with_who_and_what_as_named_properties()
    {
        Assert.Equal(HttpStatusCode.OK, (await f.Operator.PostAsync("api/v1/services/web/maintenance", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await f.Operator.PostAsync("api/v1/services/web/restore", null)).StatusCode);
        var logged = f.Log.Events.Last(e => e.Properties.TryGetValue("Command", out var c) && c.ToString() == "\"StartServiceMaintenance\"");
        Assert.Equal("\"token@127.0.0.1\"", logged.Properties["By"].ToString());
        Assert.Equal("\"/api/v1/services/web/maintenance\"", logged.Properties["Path"].ToString());
        Assert.Equal("\"ServiceMaintenanceStarted\"", logged.Properties["Outcome"].ToString());
    }

    [Fact]
    public async Task An_unknown_real_server_gets_404_naming_it_and_its_service()
    {
        var response = await f.Operator.PostAsync("api/v1/services/web/real-servers/198.51.100.99:80/drain", null);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.StartsWith("real server 198.51.100.99:80 is not in virtual service web", (await Json(response)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Add_drain_and_remove_a_runtime_real_server_through_the_API()
    {
        var added = await f.Operator.PostAsJsonAsync("api/v1/services/web/real-servers", new { address = "198.51.100.21:80", weight = 4 });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Equal("RealServerAdded", (await Json(added)).GetProperty("event").GetString());
        await Eventually(() => WeightOf(f.Plane, "198.51.100.21:80") == 4, "the runtime server in the table");

        var drained = await f.Operator.PostAsJsonAsync("api/v1/services/web/real-servers/198.51.100.21:80/drain", new { timeout = "10m" });
        Assert.Equal(HttpStatusCode.OK, drained.StatusCode);
        await Eventually(() => WeightOf(f.Plane, "198.51.100.21:80") == 0, "drained: weight 0, still in the table");

        var conflict = await f.Operator.PostAsJsonAsync("api/v1/services/web/real-servers", new { address = "198.51.100.21:80" });
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await f.Operator.DeleteAsync("api/v1/services/web/real-servers/198.51.100.21:80")).StatusCode);
        await Eventually(() => !InTable(f.Plane, "198.51.100.21:80"), "the runtime server gone");

        var events = await Json(await f.Anonymous.GetAsync("api/v1/events?limit=100"));
        Assert.Contains(events.EnumerateArray(), e => e.GetProperty("type").GetString() == "admin" && e.GetProperty("summary").GetString()!.StartsWith("RealServerDrained"));
    }

    [Fact]
    public async Task A_drain_completes_when_the_data_plane_reports_no_active_connection_and_not_before()
    {
        Assert.Equal(HttpStatusCode.OK, (await f.Operator.PostAsync($"api/v1/services/web/real-servers/{Rs3}/drain", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await f.Operator.PostAsync(Rs1Path + "/drain", null)).StatusCode);
        await Eventually(() => !InTable(f.Plane, Rs3), "the idle drained server out of the table");
        await Task.Delay(500);
        Assert.Equal(0, WeightOf(f.Plane, Rs1));
        var rs1 = (await Json(await f.Anonymous.GetAsync("api/v1/services/web"))).GetProperty("realServers").EnumerateArray().Single(r => r.GetProperty("address").GetString() == Rs1);
        Assert.Equal("draining", rs1.GetProperty("admin").GetString());
        Assert.Equal(HttpStatusCode.OK, (await f.Operator.PostAsync(Rs1Path + "/restore", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await f.Operator.PostAsync($"api/v1/services/web/real-servers/{Rs3}/restore", null)).StatusCode);
        await Eventually(() => WeightOf(f.Plane, Rs1) == 3 && WeightOf(f.Plane, Rs3) == 1, "both back");
    }

    [Fact]
    public async Task The_intent_is_readable_and_a_bad_query_is_400()
    {
        Assert.Equal(HttpStatusCode.OK, (await f.Operator.PostAsync($"api/v1/services/web/real-servers/{Rs2}/maintenance", null)).StatusCode);
        var admin = await Json(await f.Anonymous.GetAsync("api/v1/admin"));
        Assert.True(admin.GetProperty("intent").GetProperty("web").GetProperty("realServers").GetProperty(Rs2).GetProperty("maintenance").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await f.Operator.PostAsync($"api/v1/services/web/real-servers/{Rs2}/restore", null)).StatusCode);

        var bad = await f.Anonymous.GetAsync("api/v1/events?limit=0");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("query parameter limit=0 is out of range; accepted: 1 or more", (await Json(bad)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Reload_runs_the_configured_reload_and_needs_a_token()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await f.Anonymous.PostAsync("api/v1/reload", null)).StatusCode);
        var before = f.Reloads;
        var response = await f.Operator.PostAsync("api/v1/reload", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(before + 1, f.Reloads);
    }

    [Fact]
    public async Task Metrics_show_health_weights_connections_and_reconciles()
    {
        await Eventually(() => InTable(f.Plane, Rs2), "web programmed");
        var text = await f.Anonymous.GetStringAsync("metrics");
        Assert.Contains("lvs_real_server_up{virtual_service=\"web\",real_server=\"198.51.100.12:80\"} 1", text);
        Assert.Contains("lvs_real_server_active_connections{virtual_service=\"web\",real_server=\"198.51.100.11:80\"} 7", text);
        Assert.Contains("lvs_real_server_bytes_out_total{virtual_service=\"web\",real_server=\"198.51.100.11:80\"} 2000000", text);
        Assert.Contains("lvs_reconcile_duration_seconds_bucket", text);
        Assert.Contains("lvs_vip_owner", text);
    }
}
