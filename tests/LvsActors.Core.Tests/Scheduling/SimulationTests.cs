using LvsActors.Scheduling;
using static LvsActors.Core.Tests.Scheduling.Kit;

namespace LvsActors.Core.Tests.Scheduling;

public class SimulationTests
{
    private static readonly SimulatedServer[] Three =
    [
        new(Rs("192.0.2.1:80"), 1),
        new(Rs("192.0.2.2:80"), 2),
        new(Rs("192.0.2.3:80"), 3),
    ];

    private static SimulatedConnection[] Connections(int count) =>
        Enumerable.Range(1, count).Select(i => new SimulatedConnection(Client("198.51.100.1", 40000 + i))).ToArray();

    private static string[] Choices(SimulationResult result) =>
        Short(result.Choices.Select(c => c.Server?.ToString() ?? "none"));

    [Fact]
    public void Wrr_with_a_removal_mid_run_reports_choices_and_totals()
    {
        // list [.3 w3, .2 w2, .1 w1]; the adds leave cw = 1 (see WeightedRoundRobinTests): 3 2 1 | cw 3: 3 | cw 2: 3 2 …
        // .3 is removed after connection 4; then list [.2 w2, .1 w1], di 1, mw 2, cw 3 > mw -> 2: 2 | cw 1: 2 1 | cw 2: 2
        var request = new SimulationRequest("wrr", Rs("203.0.113.1:80"), Three, Connections(8))
        {
            KeepOpen = true,
            Removals = [new SimulatedRemoval(4, Rs("192.0.2.3:80"))],
        };
        var result = Simulation.Run(request);
        Assert.Equal(["3", "2", "1", "3", "2", "2", "1", "2"], Choices(result));
        Assert.Equal(
            [
                new SimulatedServerTotals(Rs("192.0.2.1:80"), 1, 2, 2, 0, false),
                new SimulatedServerTotals(Rs("192.0.2.2:80"), 2, 4, 4, 0, false),
                new SimulatedServerTotals(Rs("192.0.2.3:80"), 3, 2, 2, 0, true),
            ],
            result.Servers);
        Assert.Equal(0, result.Unscheduled);
    }

    [Fact]
    public void Closed_connections_count_as_inactive_and_steer_lc()
    {
        // Without keep-open each connection ends in TIME_WAIT: lc sees overheads of 1 per closed connection
        // and goes round the list [.3, .2, .1]; with keep-open it would see 256 per connection, the same order here.
        var closed = Simulation.Run(new SimulationRequest("lc", Rs("203.0.113.1:80"), Three, Connections(6)));
        Assert.Equal(["3", "2", "1", "3", "2", "1"], Choices(closed));
        Assert.All(closed.Servers, s => Assert.Equal((2, 0, 2), (s.Connections, s.ActiveConnections, s.InactiveConnections)));
    }

    [Fact]
    public void Keep_open_leaves_connections_active_and_closing_moves_them_to_inactive()
    {
        // wlc with weights 1/2/3: open connections cost 256 each, so the split follows the weights (1:2:3);
        // closed ones cost 1 each and the same split holds: 6 connections -> .1 1, .2 2, .3 3 either way,
        // but the active/inactive columns differ.
        var open = Simulation.Run(new SimulationRequest("wlc", Rs("203.0.113.1:80"), Three, Connections(6)) { KeepOpen = true });
        var closed = Simulation.Run(new SimulationRequest("wlc", Rs("203.0.113.1:80"), Three, Connections(6)));
        Assert.Equal([1, 2, 3], open.Servers.Select(s => s.Connections));
        Assert.Equal([1, 2, 3], closed.Servers.Select(s => s.Connections));
        Assert.Equal([1, 2, 3], open.Servers.Select(s => s.ActiveConnections));
        Assert.Equal([0, 0, 0], closed.Servers.Select(s => s.ActiveConnections));
    }

    [Fact]
    public void Thresholds_and_flags_pass_through()
    {
        SimulatedServer[] capped = [new(Rs("192.0.2.1:80"), 1, new ConnectionThresholds(Upper: 2))];
        var result = Simulation.Run(new SimulationRequest("rr", Rs("203.0.113.1:80"), capped, Connections(3)));
        Assert.Equal(["1", "1", "-"], Choices(result));
        Assert.Equal(1, result.Unscheduled);

        var sh = Simulation.Run(new SimulationRequest("sh", Rs("203.0.113.1:80"), Three, Connections(4)) { Flags = ["sh-port"] });
        Assert.Equal(4, sh.Choices.Count);
        Assert.Throws<ArgumentException>(() => Simulation.Run(new SimulationRequest("sh", Rs("203.0.113.1:80"), Three, Connections(1)) { Flags = ["mh-port"] }));
    }

    [Fact]
    public void Connection_destinations_feed_dh()
    {
        // dh on [.3, .2, .1]: 203.0.113.1 -> bucket 50 -> .1, 203.0.113.2 -> bucket 147 -> .3 (HashingSchedulerTests).
        SimulatedConnection[] connections =
        [
            new(Client("198.51.100.1", 1), Rs("203.0.113.1:80")),
            new(Client("198.51.100.1", 2), Rs("203.0.113.2:80")),
            new(Client("198.51.100.1", 3)),
        ];
        var result = Simulation.Run(new SimulationRequest("dh", Rs("203.0.113.1:80"), Three, connections));
        Assert.Equal(["1", "3", "1"], Choices(result));
    }

    [Fact]
    public void Invalid_requests_name_the_problem()
    {
        SimulatedServer[] twice = [new(Rs("192.0.2.1:80"), 1), new(Rs("192.0.2.1:80"), 2)];
        Assert.Contains("listed twice", Assert.Throws<ArgumentException>(
            () => Simulation.Run(new SimulationRequest("rr", Rs("203.0.113.1:80"), twice, Connections(1)))).Message);
        Assert.Contains("not one of the servers", Assert.Throws<ArgumentException>(
            () => Simulation.Run(new SimulationRequest("rr", Rs("203.0.113.1:80"), Three, Connections(1))
            {
                Removals = [new SimulatedRemoval(1, Rs("192.0.2.9:80"))],
            })).Message);
    }
}
