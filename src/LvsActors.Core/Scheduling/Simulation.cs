using LvsActors.Model;

namespace LvsActors.Scheduling;

/// <summary>
/// Replays a list of connections through a scheduler exactly as the kernel's IPVS would see them, and reports where
/// each went. Pure: no clock, no randomness beyond what <see cref="SimulationRequest.Options"/> supplies.
/// </summary>
public static class Simulation
{
    /// <summary>Runs the simulation.</summary>
    /// <exception cref="ArgumentException">Unknown scheduler or flag, a duplicate server, a removal of an unknown
    /// server, or a weight outside 0–65535.</exception>
    public static SimulationResult Run(SimulationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scheduler = SchedulerFactory.Create(request.Scheduler, request.Flags, request.Options);
        var list = new DestinationList(scheduler);
        var totals = new Dictionary<RealServerKey, Totals>();
        foreach (var s in request.Servers)
        {
            var key = RealServerKey.From(s.Server);
            if (totals.ContainsKey(key))
                throw new ArgumentException($"Real server {s.Server} is listed twice.", nameof(request));
            list.Add(key, s.Weight, s.Thresholds);
            totals[key] = new Totals(s.Server, s.Weight);
        }
        foreach (var r in request.Removals)
        {
            if (!totals.ContainsKey(r.Server))
                throw new ArgumentException($"Removal of {r.Server}: it is not one of the servers.", nameof(request));
        }

        Remove(request, list, totals, 0);
        var vip = InetAddress.FromIPAddress(request.VirtualService.Address);
        var choices = new List<SimulatedChoice>(request.Connections.Count);
        for (var n = 1; n <= request.Connections.Count; n++)
        {
            var c = request.Connections[n - 1];
            var (address, port) = c.Destination is { } d
                ? (InetAddress.FromIPAddress(d.Address), d.Port)
                : (vip, request.VirtualService.Port);
            var packet = new PacketAddressing(InetAddress.FromIPAddress(c.Source.Address), c.Source.Port, address, port);
            var index = list.Schedule(packet);
            if (index < 0)
            {
                choices.Add(new SimulatedChoice(n, null));
            }
            else
            {
                var t = totals[list.Destinations[index].Key];
                list.BindConnection(index);
                if (!request.KeepOpen)
                    list.DeactivateConnection(index);
                t.Connections++;
                choices.Add(new SimulatedChoice(n, t.Server));
            }
            Remove(request, list, totals, n);
        }

        var servers = new List<SimulatedServerTotals>(request.Servers.Count);
        foreach (var s in request.Servers)
        {
            var t = totals[s.Server];
            var index = list.IndexOf(s.Server);
            if (index >= 0)
                t.Capture(list.Destinations[index]);
            servers.Add(new SimulatedServerTotals(s.Server, t.Weight, t.Connections, t.Active, t.Inactive, index < 0));
        }
        return new SimulationResult(choices, servers);
    }

    private static void Remove(SimulationRequest request, DestinationList list, Dictionary<RealServerKey, Totals> totals, int after)
    {
        foreach (var r in request.Removals)
        {
            if (r.AfterConnection != after)
                continue;
            var index = list.IndexOf(r.Server);
            if (index < 0)
                continue;
            // A removed server keeps its connections (the kernel moves it to the trash); freeze its counters.
            totals[r.Server].Capture(list.Destinations[index]);
            list.Remove(r.Server);
        }
    }

    private sealed class Totals(Endpoint server, int weight)
    {
        /// <summary>The server as the request named it, so that results carry the caller's own identity.</summary>
        public Endpoint Server { get; } = server;
        public int Weight { get; } = weight;
        public int Connections { get; set; }
        public int Active { get; private set; }
        public int Inactive { get; private set; }

        public void Capture(in RealServerState state)
        {
            Active = state.ActiveConnections;
            Inactive = state.InactiveConnections;
        }
    }
}
