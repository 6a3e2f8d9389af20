using System.Net.Http.Headers;
using LvsActors.Director;
using LvsActors.Director.Admin.Api;
using LvsActors.Director.DataPlanes;
using LvsActors.Model;
using LvsActors.Table;
using static LvsActors.Admin.Tests.TestDirector;

namespace LvsActors.Admin.Tests;

/// <summary>A director with the admin API on 127.0.0.1 (a free port), token "s3cret", SQLite journal, fake counters.</summary>
public sealed class AdminApiFixture : IAsyncLifetime
{
    public const string Token = "s3cret";
    private readonly ScratchFolder _scratch = new();

    public DryRunDataPlane Plane { get; } = new();

    public DirectorHost Host { get; private set; } = null!;

    public AdminApi Api { get; private set; } = null!;

    /// <summary>An HTTP client without credentials.</summary>
    public HttpClient Anonymous { get; private set; } = null!;

    /// <summary>An HTTP client with the bearer token.</summary>
    public HttpClient Operator { get; private set; } = null!;

    /// <summary>How many reloads the API asked for.</summary>
    public int Reloads;

    /// <summary>What the API logged.</summary>
    public LogCollector Log { get; } = new();

    public async Task InitializeAsync()
    {
        var text = Text(Sqlite(_scratch.File("admin.db")), $"drain-poll-interval = 100ms, api {{ bind = \"127.0.0.1:0\", token = \"{Token}\" }}");
        Host = Start(text, Plane);
        await Ready(Host.AdminState);
        var (config, _) = Load(text);
        Api = await AdminApi.StartAsync(new AdminApiOptions(Host, "dry-run", new FakeStats(), async ct =>
        {
            Interlocked.Increment(ref Reloads);
            return new ReloadOutcome(await Host.ReloadAsync(config, TimeSpan.FromSeconds(5)), []);
        }, new Serilog.LoggerConfiguration().WriteTo.Sink(Log).CreateLogger()));
        Anonymous = new HttpClient { BaseAddress = Api.Address };
        Operator = new HttpClient { BaseAddress = Api.Address };
        Operator.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
    }

    public async Task DisposeAsync()
    {
        Anonymous.Dispose();
        Operator.Dispose();
        await Api.DisposeAsync();
        await Host.DisposeAsync();
        _scratch.Dispose();
    }

    /// <summary>Counters as the ipvs data plane would report them: 7 active connections on the first real server, none on the third.</summary>
    private sealed class FakeStats : IDataPlaneStats
    {
        public Task<IReadOnlyList<ServiceStats>> ReadStatsAsync(CancellationToken cancellationToken)
        {
            var traffic = new TrafficStats(100, 2000, 1900, 300_000, 2_000_000, 5, 40, 38, 6000, 40_000);
            var rs1 = Endpoint.TryParse(Rs1, null, out _)!.Value;
            var rs3 = Endpoint.TryParse(Rs3, null, out _)!.Value;
            IReadOnlyList<ServiceStats> stats = [new ServiceStats("192.0.2.100:80/TCP", traffic, [new DestinationStats(rs1, 7, 3, traffic), new DestinationStats(rs3, 0, 12, traffic)])];
            return Task.FromResult(stats);
        }
    }
}

/// <summary>Keeps every Serilog event, to check what a write logged.</summary>
public sealed class LogCollector : Serilog.Core.ILogEventSink
{
    private readonly List<Serilog.Events.LogEvent> _events = [];

    public IReadOnlyList<Serilog.Events.LogEvent> Events
    {
        get
        {
            lock (_events)
            {
                return _events.ToList();
            }
        }
    }

    public void Emit(Serilog.Events.LogEvent logEvent)
    {
        lock (_events)
        {
            _events.Add(logEvent);
        }
    }
}
