using BenchmarkDotNet.Attributes;
using LvsActors.Scheduling;

namespace LvsActors.Benchmarks;

/// <summary>
/// One scheduling decision per operation, through <see cref="DestinationList.Schedule"/> (the interface call a data
/// plane makes), for every scheduler at 2, 16 and 256 real servers with uneven weights and connection counts.
/// Packets rotate over 1024 clients and 1024 destinations, so hashing schedulers do not hit one bucket and
/// lblc/lblcr measure their warm cache.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class SchedulerBenchmarks
{
    private const int PacketCount = 1024;

    private DestinationList _list = null!;
    private PacketAddressing[] _packets = null!;
    private int _next;

    [Params("rr", "wrr", "lc", "wlc", "sed", "nq", "fo", "ovf", "sh", "dh", "mh", "lblc", "lblcr", "twos")]
    public string Scheduler { get; set; } = "rr";

    [Params(2, 16, 256)]
    public int Servers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var options = new SchedulerOptions { Random = new Random(1), ClockMilliseconds = static () => 0 };
        _list = new DestinationList(SchedulerFactory.Create(Scheduler, null, options));
        for (var i = 0; i < Servers; i++)
        {
            var key = new RealServerKey(InetAddress.FromIPv4(0xC0000000u + (uint)i + 1), 80);
            _list.Add(key, random.Next(1, 101));
            // Uneven load: some open connections, some in TIME_WAIT.
            var active = random.Next(0, 50);
            for (var c = 0; c < active; c++)
                _list.BindConnection(0);
            for (var c = random.Next(0, active + 1); c > 0; c--)
                _list.DeactivateConnection(0);
        }
        _packets = new PacketAddressing[PacketCount];
        for (var i = 0; i < PacketCount; i++)
        {
            _packets[i] = new PacketAddressing(
                InetAddress.FromIPv4(0xC6336400u + (uint)random.Next()), (ushort)random.Next(1024, 65536),
                InetAddress.FromIPv4(0xCB007100u + (uint)i), 80);
        }
        // Warm lblc/lblcr caches so that the measured path is the steady state.
        foreach (var p in _packets)
            _list.Schedule(p);
    }

    [Benchmark]
    public int Schedule() => _list.Schedule(_packets[_next++ & (PacketCount - 1)]);
}
