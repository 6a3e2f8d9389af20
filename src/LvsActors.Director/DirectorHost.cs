using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using LvsActors.Configuration.Hocon;
using LvsActors.Director.Actors;
using LvsActors.Director.Admin;
using LvsActors.Director.Intent;
using LvsActors.Director.Leadership;
using LvsActors.Director.Remoting;
using LvsActors.Model;
using LvsActors.Table;

namespace LvsActors.Director;

/// <summary>
/// One running director: the actor system, built from the same parsed file as the validated model (its
/// <c>akka</c> section and <c>lvs.director</c> tuning), with Serilog as Akka.NET's logger and the supervisor started.
/// </summary>
public sealed class DirectorHost : IAsyncDisposable
{
    // Serilog receives Akka.NET's log events, and message templates keep their named properties.
    private const string LoggingConfig = """
        akka {
          stdout-loglevel = OFF
          loggers = ["Akka.Logger.Serilog.SerilogLogger, Akka.Logger.Serilog"]
          logger-formatter = "Akka.Logger.Serilog.SerilogLogMessageFormatter, Akka.Logger.Serilog"
          log-dead-letters-during-shutdown = off
          # Akka.NET answers SIGTERM and the process's exit with a coordinated shutdown of its own, from a signal
          # handler that runs beside the director's and System.CommandLine's in no fixed order, each blocking the one
          # thread that runs them: in the lab a stopped owner's graceful hand-over waited up to 2 s behind
          # System.CommandLine's, its lease lapsed meanwhile and the successor took over as from a crash. The director
          # stops its actor system itself, VIPs first (DirectorProcess), so Akka's hook stays out of it.
          coordinated-shutdown.run-by-clr-shutdown-hook = off
        }
        """;

    private DirectorHost(ActorSystem system, IActorRef director, IActorRef adminState, AdminSettings adminSettings, LeadershipNode? leadership)
    {
        System = system;
        Director = director;
        AdminState = adminState;
        AdminSettings = adminSettings;
        Leadership = leadership;
    }

    public ActorSystem System { get; }

    /// <summary>Where admin commands and queries go: the AdminState, or its singleton proxy in a cluster.</summary>
    public IActorRef AdminState { get; }

    /// <summary>The admin journal and API settings (lvs.admin).</summary>
    public AdminSettings AdminSettings { get; }

    /// <summary>The DirectorSupervisor at /user/director.</summary>
    public IActorRef Director { get; }

    /// <summary>The leadership actors when the akka section makes this node a cluster member, else null.</summary>
    public LeadershipNode? Leadership { get; }

    /// <summary>
    /// Starts the actor system named <c>lvs</c> and the director; on a cluster member (akka.actor.provider = cluster)
    /// also leadership, with <paramref name="vipSink"/> holding the VIPs (the kernel's for the ipvs data plane).
    /// </summary>
    /// <param name="logLevel">The least severe level Serilog writes; Akka.NET skips formatting anything below it.</param>
    /// <param name="joinLater">
    /// On a cluster member, start without joining: the caller calls <see cref="JoinCluster"/> once the director is up.
    /// </param>
    public static DirectorHost Start(
        LvsConfig config, HoconObject? document, IDataPlane dataPlane, DirectorServices services, LogLevel logLevel,
        IVipSink? vipSink = null, bool joinLater = false)
    {
        var level = logLevel switch
        {
            LogLevel.Verbose or LogLevel.Debug => "DEBUG",
            LogLevel.Information => "INFO",
            LogLevel.Warning => "WARNING",
            _ => "ERROR",
        };
        var baseConfig = ToAkkaConfig(document)
            .WithFallback(ConfigurationFactory.ParseString($"akka.loglevel = {level}\n" + LoggingConfig))
            .WithFallback(DirectorSettings.Reference);
        var admin = Admin.AdminSettings.Create(baseConfig);
        // The journal's plugin settings come after the file's own akka section, so an operator can still tune them there.
        var akkaConfig = baseConfig.WithFallback(admin.PersistenceConfig());
        // A director joins once it has started: its own start-up (JIT, loading the table, the admin API) can stall it
        // for longer than the failure detector's pause, and a member that stalls right after joining gets downed.
        var seeds = akkaConfig.HasPath("akka.cluster.seed-nodes") ? akkaConfig.GetStringList("akka.cluster.seed-nodes") : [];
        if (joinLater)
        {
            akkaConfig = ConfigurationFactory.ParseString("akka.cluster.seed-nodes = []").WithFallback(akkaConfig);
        }
        akkaConfig = WithLocalSchedulerTick(akkaConfig);
        var system = ActorSystem.Create("lvs", SystemSetup(config.Cluster, akkaConfig));
        var adminState = AdminHosting.Start(system, config, admin);
        var director = system.ActorOf(DirectorSupervisor.Props(config, dataPlane, services, DirectorSettings.Create(akkaConfig), new AdminLink(adminState, admin.StartupWait, AdminHosting.IsReplicated(system, admin))), "director");
        var clustered = ClusterProvider.IsCluster(system.Settings.ProviderClass);
        var leadership = clustered
            ? LeadershipNode.Start(system, config.Cluster, vipSink ?? new RecordingVipSink(system.Name), services.Notifier, Tracks(config.Cluster, system), config.VirtualServices)
            : null;
        return new DirectorHost(system, director, adminState, admin, leadership) { _seeds = joinLater ? seeds : [] };
    }

    private IList<string> _seeds = [];

    // A director that is not a cluster member ticks its scheduler at lvs.director.local-scheduler-tick (why: reference.conf),
    // unless the file sets akka.scheduler.tick-duration itself.
    internal static Config WithLocalSchedulerTick(Config akkaConfig)
    {
        if (ClusterProvider.IsCluster(akkaConfig.GetString("akka.actor.provider", null)) || akkaConfig.HasPath("akka.scheduler.tick-duration"))
        {
            return akkaConfig;
        }
        var tick = DirectorSettings.Create(akkaConfig).LocalSchedulerTick;
        return ConfigurationFactory.ParseString($"akka.scheduler.tick-duration = {(long)tick.TotalMilliseconds}ms").WithFallback(akkaConfig);
    }

    // With lvs.cluster.tls the transport speaks mutual TLS, whatever the file's akka section says about enable-ssl.
    private static ActorSystemSetup SystemSetup(ClusterSettings cluster, Config akkaConfig) => cluster.Tls is { } tls
        ? BootstrapSetup.Create().WithConfig(ClusterTransport.EnableSsl.WithFallback(akkaConfig)).And(ClusterTransport.Setup(tls))
        : ActorSystemSetup.Create(BootstrapSetup.Create().WithConfig(akkaConfig));

    /// <summary>
    /// Joins the cluster through the configured seed nodes, for a host started with <c>joinLater</c>; otherwise nothing.
    /// </summary>
    public void JoinCluster()
    {
        if (_seeds.Count > 0)
        {
            Akka.Cluster.Cluster.Get(System).JoinSeedNodes(_seeds.Select(Address.Parse));
        }
    }

    private static IReadOnlyList<ITrack> Tracks(ClusterSettings cluster, ActorSystem system)
    {
        var interval = LeadershipSettings.Create(system.Settings.Config).TrackInterval;
        var tracks = cluster.TrackInterfaces.Select(i => (ITrack)new InterfaceTrack(i)).ToList();
        if (cluster.TrackScript is { } script)
        {
            tracks.Add(new ScriptTrack(script, interval));
        }
        return tracks;
    }

    /// <summary>
    /// The <c>akka</c>, <c>lvs.director</c>, <c>lvs.admin</c> and <c>lvs.fencing</c> parts of the document, as Akka.NET
    /// configuration; the downing provider reads <c>lvs.fencing.expected-voters</c> from it.
    /// </summary>
    public static Config ToAkkaConfig(HoconObject? document)
    {
        if (document is null)
        {
            return Config.Empty;
        }
        var parts = new List<HoconField>();
        if (document.Field("akka") is { } akka)
        {
            parts.Add(akka);
        }
        if (document.Field("lvs")?.Value is HoconObject lvs)
        {
            var tuning = new[] { lvs.Field("director"), lvs.Field("admin"), lvs.Field("fencing") }.OfType<HoconField>().ToList();
            if (tuning.Count > 0)
            {
                parts.Add(new HoconField("lvs", lvs.Position, new HoconObject(lvs.Position, tuning)));
            }
        }
        return ConfigurationFactory.ParseString(HoconWriter.Write(new HoconObject(document.Position, parts)));
    }

    /// <summary>Applies a new configuration; unchanged services and checkers keep their state.</summary>
    public Task<Reloaded> ReloadAsync(LvsConfig config, TimeSpan timeout) => Director.Ask<Reloaded>(new Reload(config), timeout);

    public async ValueTask DisposeAsync() => await System.Terminate();
}
