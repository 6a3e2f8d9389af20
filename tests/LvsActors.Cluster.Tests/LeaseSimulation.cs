using LvsActors.Director.Leadership;

namespace LvsActors.Cluster.Tests;

/// <summary>
/// A discrete-event run of the VIP lease with the real <see cref="LeaseVoter"/> and <see cref="OwnershipLease"/>: three
/// voters and three claimants (claimant i lives on voter i's node), every claimant asking for the lease all the time.
/// Each node measures on its own clock, which runs at its own rate (±100 ppm) from its own origin; no clock is compared.
/// The network delays each message by up to 1.2 s, in any order, or loses it (10 %); a holder's VIPs leave up to 90 % of
/// the margin after its lease ended (a timer fired late, the kernel request). A voter decides a claim it could promise
/// within a renewal interval at that moment, as FencingResponder does. The result: every interval in which a claimant
/// held the VIPs, in real time.
/// </summary>
internal sealed class LeaseSimulation(int seed, TimeSpan lease, TimeSpan margin, TimeSpan interval)
{
    private const int Nodes = 3;
    private readonly Random _random = new(seed);
    private readonly PriorityQueue<Action, TimeSpan> _events = new();
    private readonly List<Held> _held = [];
    private NodeClock[] _clocks = [];
    private LeaseVoter[] _voters = [];
    private TimeSpan _now;

    /// <summary>One claimant's hold of the VIPs, from when it took them until they were gone, in real time.</summary>
    public sealed record Held(string Claimant, TimeSpan From, TimeSpan Until);

    public IReadOnlyList<Held> Run(TimeSpan length)
    {
        _clocks = Enumerable.Range(0, Nodes)
            .Select(_ => new NodeClock(TimeSpan.FromSeconds(_random.Next(0, 1000)), 1 + (_random.NextDouble() - 0.5) * 2e-4))
            .ToArray();
        _voters = _clocks.Select(c => new LeaseVoter(c.Local(TimeSpan.Zero), lease + margin)).ToArray();
        var claimants = Enumerable.Range(0, Nodes).Select(i => new Claimant(this, $"d{i + 1}", _clocks[i])).ToArray();
        foreach (var claimant in claimants)
        {
            At(TimeSpan.FromMilliseconds(_random.Next(0, 500)), claimant.Tick);
        }
        while (_events.TryDequeue(out var action, out var when) && when < length)
        {
            _now = when;
            action();
        }
        foreach (var claimant in claimants)
        {
            claimant.Stop(length);
        }
        return _held;
    }

    private void At(TimeSpan when, Action action) => _events.Enqueue(action, when < _now ? _now : when);

    // Delivery after 0–20 ms mostly, up to 300 ms often, up to 1.2 s (six leases) sometimes — so in any order — or never.
    private void Send(Action delivery)
    {
        var dice = _random.NextDouble();
        if (dice < 0.1)
        {
            return;
        }
        var most = dice < 0.75 ? 20 : dice < 0.95 ? 300 : 1200;
        At(_now + TimeSpan.FromMilliseconds(_random.NextDouble() * most), delivery);
    }

    // As FencingResponder does: a claim the voter could promise within a renewal interval is decided at that moment (on
    // the voter's clock, its timer up to a millisecond late) instead of refused; the claimant may have released meanwhile.
    private void Decide(int voter, string claimant, TimeSpan sentAt, Action promised)
    {
        var (clock, local) = (_clocks[voter], _clocks[voter].Local(_now));
        if (_voters[voter].TryPromise(claimant, local, Lease + Margin, sentAt))
        {
            Send(promised);
        }
        else if (_voters[voter].WaitBeforeDeciding(claimant, local, Interval) is { } wait)
        {
            At(clock.Real(local + wait) + TimeSpan.FromMilliseconds(_random.NextDouble()), () =>
            {
                if (_voters[voter].TryPromise(claimant, clock.Local(_now), Lease + Margin, sentAt))
                {
                    Send(promised);
                }
            });
        }
    }

    private TimeSpan Rest() => TimeSpan.FromMilliseconds(_random.Next(0, 400));

    private sealed record NodeClock(TimeSpan Origin, double Rate)
    {
        public TimeSpan Local(TimeSpan real) => Origin + TimeSpan.FromTicks((long)(real.Ticks * Rate));

        public TimeSpan Real(TimeSpan local) => TimeSpan.FromTicks((long)Math.Ceiling((local - Origin).Ticks / Rate));
    }

    /// <summary>What VipHolder does with the lease, reduced to the lease.</summary>
    private sealed class Claimant(LeaseSimulation sim, string name, NodeClock clock)
    {
        private readonly Dictionary<int, TimeSpan> _promised = [];
        private TimeSpan? _holdingSince;
        private TimeSpan? _tryingSince;
        private TimeSpan _restingUntil;
        private TimeSpan _releasedAt;

        private TimeSpan Local => clock.Local(sim._now);

        public void Tick()
        {
            sim.At(sim._now + sim.Interval, Tick);
            if (_holdingSince is null)
            {
                if (sim._now < _restingUntil)
                {
                    return;
                }
                _tryingSince ??= sim._now;
                if (sim._now - _tryingSince > sim.Interval * 2)
                {
                    // No majority within two rounds: free the voters, rest a while, try again (as a nominee does).
                    ReleaseVoters();
                    return;
                }
            }
            var sentAt = Local;
            for (var v = 0; v < Nodes; v++)
            {
                var voter = v;
                sim.Send(() => sim.Decide(voter, name, sentAt, () => Promised(voter, sentAt)));
            }
        }

        private void Promised(int voter, TimeSpan sentAt)
        {
            if (sentAt <= _releasedAt)
            {
                return;
            }
            if (!_promised.TryGetValue(voter, out var known) || known < sentAt)
            {
                _promised[voter] = sentAt;
            }
            if (OwnershipLease.ValidUntil(_promised.Values, Nodes, Nodes, sim.Lease) is not { } end || end <= Local)
            {
                return;
            }
            _holdingSince ??= sim._now;
            _tryingSince = null;
            var late = TimeSpan.FromTicks((long)(sim.Margin.Ticks * 0.9 * sim._random.NextDouble()));
            sim.At(clock.Real(end) + late, Expired);
        }

        // The expiry timer, late: the lease as it stands now decides, renewals included.
        private void Expired()
        {
            if (_holdingSince is not { } since || OwnershipLease.ValidUntil(_promised.Values, Nodes, Nodes, sim.Lease) is { } end && end > Local)
            {
                return;
            }
            sim._held.Add(new Held(name, since, sim._now));
            _holdingSince = null;
            ReleaseVoters();
        }

        private void ReleaseVoters()
        {
            _releasedAt = Local;
            _promised.Clear();
            _tryingSince = null;
            _restingUntil = sim._now + sim.Rest();
            var releasedAt = _releasedAt;
            for (var v = 0; v < Nodes; v++)
            {
                var voter = v;
                sim.Send(() => sim._voters[voter].Release(name, releasedAt));
            }
        }

        public void Stop(TimeSpan end)
        {
            if (_holdingSince is { } since)
            {
                sim._held.Add(new Held(name, since, end));
            }
        }
    }

    private TimeSpan Lease => lease;

    private TimeSpan Margin => margin;

    private TimeSpan Interval => interval;
}
