using System.Net;
using Akka.Actor;
using LvsActors.Director.Admin.Metrics;
using LvsActors.Director.DataPlanes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace LvsActors.Director.Admin.Api;

/// <summary>The outcome of a reload asked through the API: the counts, or the configuration's errors.</summary>
public sealed record ReloadOutcome(Actors.Reloaded? Reloaded, IReadOnlyList<string> Errors);

/// <summary>What the admin API serves and how it reaches the director.</summary>
/// <param name="Stats">The data plane's counters, when it keeps them.</param>
/// <param name="Reload">Re-reads the configuration file and applies it; null when there is no file to re-read.</param>
public sealed record AdminApiOptions(DirectorHost Host, string DataPlane, IDataPlaneStats? Stats, Func<CancellationToken, Task<ReloadOutcome>>? Reload, Serilog.ILogger Log);

/// <summary>
/// The HTTP admin API on Kestrel, bound to lvs.admin.api.bind (loopback by default): JSON reads of services, real
/// servers, counters, intent and recent events; writes (drain, restore, weight, maintenance, add/remove real server,
/// reload) that need a bearer token; errors as RFC 7807 problem details; Prometheus metrics at /metrics.
/// </summary>
public sealed class AdminApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DirectorMetrics _metrics;

    private AdminApi(WebApplication app, DirectorMetrics metrics, Uri address)
    {
        _app = app;
        _metrics = metrics;
        Address = address;
    }

    /// <summary>Where it listens, e.g. http://127.0.0.1:9180/ (the real port when the configured one is 0).</summary>
    public Uri Address { get; }

    public static async Task<AdminApi> StartAsync(AdminApiOptions options, CancellationToken cancellationToken = default)
    {
        var settings = options.Host.AdminSettings;
        var bind = Model.Endpoint.TryParse(settings.Api.Bind, null, out var error)
            ?? throw new AdminApiConfigException($"lvs.admin.api.bind: \"{settings.Api.Bind}\" is malformed: {error}");
        var certificate = ApiTransport.Certificate(settings.Api, bind.Address);
        var tokens = ApiTokens.Load(settings.Api);
        var system = options.Host.System;
        var events = system.ActorOf(RecentEventsActor.Props(settings.RecentEvents), "admin-recent-events");
        var reader = new DirectorStatusReader(options.Host.Director, options.Host.AdminState, options.DataPlane, options.Stats, settings.Api.AskTimeout);
        var metrics = DirectorMetrics.Start(system, reader);
        if (options.Stats is not null)
        {
            system.ActorOf(DrainMonitor.Props(reader, options.Host.AdminState, settings.DrainPollInterval, AdminHosting.IsClustered(system)), "admin-drain-monitor");
        }

        // Without this the host watches its content root, the working directory, and every folder below it for
        // appsettings.json changes: from / (systemd's default) that is the whole file system, a watch per folder and
        // a wake-up on every file written anywhere. The API reads no settings files, so nothing needs reloading.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        // The director logs through Serilog itself; Kestrel's own chatter is not wanted on stderr.
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(new IPEndPoint(bind.Address, bind.Port), listen =>
            {
                if (certificate is not null)
                {
                    listen.UseHttps(certificate);
                }
            });
            // Kestrel answers a request beyond its own limits before any middleware runs, with an empty body; so its
            // limits sit well above ApiLimits', and RequestGuard answers what lies between with a problem.
            k.Limits.MaxRequestLineSize = 64 * 1024;
            k.Limits.MaxRequestHeadersTotalSize = 64 * 1024;
            k.Limits.MaxRequestHeaderCount = 4 * ApiLimits.MaxHeaderCount;
            k.Limits.MaxRequestBodySize = ApiLimits.MaxBodyBytes;
        });
        builder.Services.AddProblemDetails();
        // A parameter the framework cannot bind throws, so that ErrorAnswers says which one, instead of a bare 400.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        var app = builder.Build();
        var hosts = new HostCheck(settings.Api.AllowedHosts);
        app.Use((http, next) => ErrorAnswers.CatchAsync(http, options.Log, () => next(http)));
        app.UseStatusCodePages(ErrorAnswers.DescribeAsync);
        app.Use((http, next) => RequestGuard.InvokeAsync(http, hosts, () => next(http)));
        app.UseRouting();
        var cluster = new ClusterStatusReader(options.Host.Leadership?.Status, settings.Api.AskTimeout);
        var context = new ApiContext(options, tokens, reader, cluster, events);
        ReadEndpoints.Map(app, context);
        WriteEndpoints.Map(app, context);
        StatusPage.Map(app);
        app.MapMetrics("/metrics", metrics.Registry);
        await app.StartAsync(cancellationToken);

        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/");
        options.Log.Information("Admin API listening on {AdminApi}; writes {WriteAccess}", address, tokens.Any ? "need a bearer token" : "are refused: no token configured");
        return new AdminApi(app, metrics, address);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _metrics.Dispose();
    }
}

/// <summary>What the endpoint handlers share.</summary>
internal sealed record ApiContext(AdminApiOptions Options, ApiTokens Tokens, DirectorStatusReader Reader, ClusterStatusReader Cluster, IActorRef Events)
{
    public IActorRef AdminState => Options.Host.AdminState;

    public TimeSpan AskTimeout => Options.Host.AdminSettings.Api.AskTimeout;
}
