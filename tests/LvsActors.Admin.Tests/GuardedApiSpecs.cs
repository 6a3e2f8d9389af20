using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using LvsActors.Director;
using LvsActors.Director.Admin.Api;
using LvsActors.Director.DataPlanes;
using static LvsActors.Admin.Tests.TestDirector;

namespace LvsActors.Admin.Tests;

/// <summary>
/// A director whose API also answers to the name "lvs.test" (lvs.admin.api.allowed-hosts) and whose reload fails
/// with an unexpected exception.
/// </summary>
public sealed class GuardedApiFixture : IAsyncLifetime
{
    /// <summary>Carried by the reload's exception: it must reach the log, never an answer.</summary>
    public const string Secret = "internal-detail-4711";

    private readonly ScratchFolder _scratch = new();

    public DirectorHost Host { get; private set; } = null!;

    public AdminApi Api { get; private set; } = null!;

    public HttpClient Operator { get; private set; } = null!;

    public LogCollector Log { get; } = new();

    public async Task InitializeAsync()
    {
        var text = Text(Sqlite(_scratch.File("admin.db")),
            $"api {{ bind = \"127.0.0.1:0\", token = \"{AdminApiFixture.Token}\", allowed-hosts = [ \"lvs.test\", \"lvs2.test.\" ] }}");
        Host = Start(text, new DryRunDataPlane());
        await Ready(Host.AdminState);
        Api = await AdminApi.StartAsync(new AdminApiOptions(Host, "dry-run", null, _ => throw new InvalidOperationException(Secret),
            new Serilog.LoggerConfiguration().WriteTo.Sink(Log).CreateLogger()));
        Operator = new HttpClient { BaseAddress = Api.Address };
        Operator.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminApiFixture.Token);
    }

    public async Task DisposeAsync()
    {
        Operator.Dispose();
        await Api.DisposeAsync();
        await Host.DisposeAsync();
        _scratch.Dispose();
    }
}

/// <summary>Names in lvs.admin.api.allowed-hosts are answered; an unexpected failure is a 500 problem with a correlation id, logged once.</summary>
public sealed class GuardedApiSpecs(GuardedApiFixture f) : IClassFixture<GuardedApiFixture>
{
    [Theory]
    [InlineData("lvs.test")]
    [InlineData("LVS.test:8443")]
    [InlineData("lvs2.test")]
    public async Task A_name_in_allowed_hosts_is_answered_on_any_port(string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/status");
        request.Headers.Host = host;
        Assert.Equal(HttpStatusCode.OK, (await f.Operator.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task A_name_not_in_allowed_hosts_is_refused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/status");
        request.Headers.Host = "lvs.test.evil.example";
        await HostileRequestSpecs.Problem(await f.Operator.SendAsync(request), HttpStatusCode.MisdirectedRequest);
    }

    [Fact]
    public async Task An_unexpected_exception_is_a_500_problem_with_a_correlation_id_logged_once_without_its_detail()
    {
        var response = await f.Operator.PostAsync("api/v1/reload", null);
        var text = await response.Content.ReadAsStringAsync();
        var detail = await HostileRequestSpecs.Problem(response, HttpStatusCode.InternalServerError);
        Assert.DoesNotContain(GuardedApiFixture.Secret, text);
        Assert.DoesNotContain(" at ", text);
        var id = JsonDocument.Parse(text).RootElement.GetProperty("correlationId").GetString()!;
        Assert.Contains(id, detail);
        var logged = Assert.Single(f.Log.Events, e => e.Exception?.Message == GuardedApiFixture.Secret);
        Assert.Equal($"\"{id}\"", logged.Properties["CorrelationId"].ToString());
    }
}
