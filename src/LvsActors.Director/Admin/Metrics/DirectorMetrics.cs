using Akka.Actor;
using LvsActors.Director.Actors;
using LvsActors.Director.DataPlanes;
using LvsActors.Director.Leadership;
using Prometheus;

namespace LvsActors.Director.Admin.Metrics;

/// <summary>
/// Prometheus metrics of one director, in a registry of its own (so that several directors in one process, as in
/// tests, do not mix). Per real server: health, weights, connections, traffic and the kernel's rates, read from the
/// director and the data plane just before each scrape; check latency, reconciles and leadership from events.
/// </summary>
public sealed class DirectorMetrics : IDisposable
{
    private static readonly string[] Rs = ["virtual_service", "real_server"];
    private readonly IActorRef _listener;
    private readonly Gauge _up, _weight, _healthWeight, _active, _inactive, _cps, _bytesInRate, _bytesOutRate, _packetsInRate, _packetsOutRate;
    private readonly Counter _connections, _bytesIn, _bytesOut, _packetsIn, _packetsOut;
    private readonly Gauge _quorum, _adminVersion;
    private HashSet<(string, string)> _servers = [];
    private HashSet<string> _services = [];

    private DirectorMetrics(ActorSystem system, DirectorStatusReader reader)
    {
        Registry = Prometheus.Metrics.NewCustomRegistry();
        var f = Prometheus.Metrics.WithCustomRegistry(Registry);
        _up = f.CreateGauge("lvs_real_server_up", "1 when every check of the real server passes.", Rs);
        _weight = f.CreateGauge("lvs_real_server_weight", "The weight in the desired table (0 when quiescent or absent).", Rs);
        _healthWeight = f.CreateGauge("lvs_real_server_health_weight", "The weight health gives: configured, or set by a dynamic check.", Rs);
        _active = f.CreateGauge("lvs_real_server_active_connections", "Active connections, as the data plane reports them.", Rs);
        _inactive = f.CreateGauge("lvs_real_server_inactive_connections", "Inactive connections, as the data plane reports them.", Rs);
        _connections = f.CreateCounter("lvs_real_server_connections_total", "Connections scheduled to the real server.", Rs);
        _bytesIn = f.CreateCounter("lvs_real_server_bytes_in_total", "Bytes from clients to the real server.", Rs);
        _bytesOut = f.CreateCounter("lvs_real_server_bytes_out_total", "Bytes from the real server to clients.", Rs);
        _packetsIn = f.CreateCounter("lvs_real_server_packets_in_total", "Packets from clients to the real server.", Rs);
        _packetsOut = f.CreateCounter("lvs_real_server_packets_out_total", "Packets from the real server to clients.", Rs);
        _cps = f.CreateGauge("lvs_real_server_connections_per_second", "The data plane's estimate of new connections per second.", Rs);
        _bytesInRate = f.CreateGauge("lvs_real_server_bytes_in_per_second", "The data plane's estimate of bytes per second in.", Rs);
        _bytesOutRate = f.CreateGauge("lvs_real_server_bytes_out_per_second", "The data plane's estimate of bytes per second out.", Rs);
        _packetsInRate = f.CreateGauge("lvs_real_server_packets_in_per_second", "The data plane's estimate of packets per second in.", Rs);
        _packetsOutRate = f.CreateGauge("lvs_real_server_packets_out_per_second", "The data plane's estimate of packets per second out.", Rs);
        _quorum = f.CreateGauge("lvs_virtual_service_quorum_up", "1 while the virtual service has quorum.", "virtual_service");
        _adminVersion = f.CreateGauge("lvs_admin_version", "The operator intent's journal position; -1 while the admin journal is unavailable.");
        var events = new EventMetrics(
            f.CreateHistogram("lvs_check_duration_seconds", "How long health checks take.", new HistogramConfiguration
            {
                LabelNames = ["virtual_service", "real_server", "check", "kind"],
                // 1 ms to about 16 s: loopback TCP connects to HTTP checks that hit their connect timeout.
                Buckets = Histogram.ExponentialBuckets(0.001, 2, 15),
            }),
            f.CreateCounter("lvs_reconcile_total", "Writes of the table to the data plane that changed something."),
            f.CreateCounter("lvs_reconcile_changes_total", "Changes (service or destination adds, edits, removals) written to the data plane."),
            f.CreateCounter("lvs_reconcile_failures_total", "Writes the data plane refused (each is retried)."),
            f.CreateHistogram("lvs_reconcile_duration_seconds", "How long a reconcile of the whole table takes.", new HistogramConfiguration
            {
                Buckets = Histogram.ExponentialBuckets(0.0001, 2, 18),
            }),
            f.CreateGauge("lvs_vip_owner", "1 while this director owns the VIPs (as published by the VIP owner)."));
        _listener = system.ActorOf(Props.Create(() => new MetricsListener(events)), "admin-metrics");
        Registry.AddBeforeCollectCallback(async cancel => Update(await reader.ReadAsync(cancel)));
    }

    /// <summary>The registry /metrics serves.</summary>
    public CollectorRegistry Registry { get; }

    /// <summary>Creates the metrics and starts listening to the director's events.</summary>
    public static DirectorMetrics Start(ActorSystem system, DirectorStatusReader reader) => new(system, reader);

    private void Update(DirectorStatus status)
    {
        _adminVersion.Set(status.Admin?.Version ?? -1);
        var servers = new HashSet<(string, string)>();
        var services = new HashSet<string>();
        foreach (var service in status.Services)
        {
            services.Add(service.Name);
            _quorum.WithLabels(service.Name).Set(service.QuorumUp ? 1 : 0);
            var counters = status.Counters?.GetValueOrDefault(service.Key)?.Destinations.ToDictionary(d => d.Endpoint.ToString());
            foreach (var rs in service.RealServers)
            {
                servers.Add((service.Name, rs.Endpoint));
                string[] l = [service.Name, rs.Endpoint];
                _up.WithLabels(l).Set(rs.Up ? 1 : 0);
                _weight.WithLabels(l).Set(rs.TableWeight ?? 0);
                _healthWeight.WithLabels(l).Set(rs.HealthWeight);
                if (counters?.GetValueOrDefault(rs.Endpoint) is { } c)
                {
                    Traffic(l, c);
                }
            }
        }
        // Real servers and services that are gone (reload, runtime removal) stop being reported.
        foreach (var (vs, rs) in _servers.Except(servers))
        {
            foreach (var collector in new Collector<Gauge.Child>[] { _up, _weight, _healthWeight, _active, _inactive, _cps, _bytesInRate, _bytesOutRate, _packetsInRate, _packetsOutRate })
            {
                collector.RemoveLabelled(vs, rs);
            }
            foreach (var collector in new[] { _connections, _bytesIn, _bytesOut, _packetsIn, _packetsOut })
            {
                collector.RemoveLabelled(vs, rs);
            }
        }
        foreach (var vs in _services.Except(services))
        {
            _quorum.RemoveLabelled(vs);
        }
        _servers = servers;
        _services = services;
    }

    private void Traffic(string[] l, DestinationStats c)
    {
        _active.WithLabels(l).Set(c.ActiveConnections);
        _inactive.WithLabels(l).Set(c.InactiveConnections);
        var t = c.Traffic;
        _connections.WithLabels(l).IncTo(t.Connections);
        _bytesIn.WithLabels(l).IncTo(t.IncomingBytes);
        _bytesOut.WithLabels(l).IncTo(t.OutgoingBytes);
        _packetsIn.WithLabels(l).IncTo(t.IncomingPackets);
        _packetsOut.WithLabels(l).IncTo(t.OutgoingPackets);
        _cps.WithLabels(l).Set(t.ConnectionRate);
        _bytesInRate.WithLabels(l).Set(t.IncomingByteRate);
        _bytesOutRate.WithLabels(l).Set(t.OutgoingByteRate);
        _packetsInRate.WithLabels(l).Set(t.IncomingPacketRate);
        _packetsOutRate.WithLabels(l).Set(t.OutgoingPacketRate);
    }

    public void Dispose() => _listener.Tell(PoisonPill.Instance);

    private sealed record EventMetrics(Histogram CheckDuration, Counter Reconciles, Counter Changes, Counter Failures, Histogram ReconcileDuration, Gauge VipOwner);

    /// <summary>Turns the director's events into counters and histograms as they happen.</summary>
    private sealed class MetricsListener : ReceiveActor
    {
        public MetricsListener(EventMetrics m)
        {
            Receive<CheckProbed>(p => m.CheckDuration.WithLabels(p.VirtualService, p.RealServer.ToString(), p.Check.ToString(), p.Kind).Observe(p.Duration.TotalSeconds));
            Receive<TableApplied>(a =>
            {
                m.Reconciles.Inc();
                m.Changes.Inc(a.Changes.Count);
                m.ReconcileDuration.Observe(a.Duration.TotalSeconds);
            });
            Receive<TableApplyFailed>(_ => m.Failures.Inc());
            Receive<VipOwnershipObserved>(o => m.VipOwner.Set(o.OwnedHere ? 1 : 0));
        }

        protected override void PreStart()
        {
            foreach (var type in new[] { typeof(CheckProbed), typeof(TableApplied), typeof(TableApplyFailed), typeof(VipOwnershipObserved) })
            {
                Context.System.EventStream.Subscribe(Self, type);
            }
        }
    }
}
