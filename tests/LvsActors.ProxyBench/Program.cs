using System.Diagnostics;
using System.Runtime.InteropServices;
using LvsActors.Director.DataPlanes.Userspace;
using LvsActors.Model;
using LvsActors.Table;

// Runs the userspace data plane with one TCP service for deploy/bench/proxy-vs-haproxy.sh:
//   LvsActors.ProxyBench --listen 127.0.0.1:18080 --real 127.0.0.1:18081 --real 127.0.0.1:18082 [--scheduler rr] [--max-seconds 900]
// Prints "ready" once listening. SIGHUP prints what the process allocated and collected since the last SIGHUP, for
// per-run allocation figures; SIGTERM, SIGINT or --max-seconds end it.
var listen = Option("--listen") ?? throw Usage();
var reals = Options("--real");
var scheduler = Option("--scheduler") ?? "rr";
var maxSeconds = int.Parse(Option("--max-seconds") ?? "900");
if (reals.Count == 0)
    throw Usage();

var service = new ServiceEntry(
    new AddressServiceKey(Protocol.Tcp, ParseEndpoint(listen)),
    new SchedulerSpec(scheduler, SchedulerFlags.None),
    null, false, null,
    new ValueList<DestinationEntry>(reals.Select(r => new DestinationEntry(ParseEndpoint(r), 1, ForwardingMethod.Nat, null, Thresholds.None))));

await using var plane = new UserspaceDataPlane();
await plane.ApplyAsync([service], CancellationToken.None);
Console.WriteLine($"ready {service} inline-completions={Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") ?? "0"} " +
    $"socket-threads={Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT") ?? "default"}");

var stop = new TaskCompletionSource();
var last = (Bytes: GC.GetTotalAllocatedBytes(precise: true), Gen0: GC.CollectionCount(0), Gen2: GC.CollectionCount(2), Cpu: Process.GetCurrentProcess().TotalProcessorTime);
using var hup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
{
    context.Cancel = true;
    var now = (Bytes: GC.GetTotalAllocatedBytes(precise: true), Gen0: GC.CollectionCount(0), Gen2: GC.CollectionCount(2), Cpu: Process.GetCurrentProcess().TotalProcessorTime);
    Console.WriteLine($"stats allocated_bytes={now.Bytes - last.Bytes} gen0={now.Gen0 - last.Gen0} gen2={now.Gen2 - last.Gen2} " +
        $"cpu_ms={(now.Cpu - last.Cpu).TotalMilliseconds:0} open_connections={plane.TcpConnectionCount}");
    last = now;
});
using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.TrySetResult();
});
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
{
    context.Cancel = true;
    stop.TrySetResult();
});
await Task.WhenAny(stop.Task, Task.Delay(TimeSpan.FromSeconds(maxSeconds)));
Console.WriteLine("stopping");
return 0;

string? Option(string name) => Options(name).LastOrDefault();

List<string> Options(string name)
{
    var values = new List<string>();
    for (var i = 0; i < args.Length - 1; i++)
    {
        if (args[i] == name)
            values.Add(args[i + 1]);
    }
    return values;
}

static Endpoint ParseEndpoint(string text) =>
    Endpoint.TryParse(text, null, out var error) ?? throw new ArgumentException($"'{text}': {error}");

static ArgumentException Usage() =>
    new("usage: LvsActors.ProxyBench --listen ADDR:PORT --real ADDR:PORT [--real ADDR:PORT …] [--scheduler rr] [--max-seconds 900]");
