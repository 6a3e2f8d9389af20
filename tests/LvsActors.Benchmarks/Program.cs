using LvsActors.Benchmarks;
using LvsActors.Benchmarks.Scenarios;

// Scenarios that need several processes or a wall clock run by name; everything else is BenchmarkDotNet.
return args.FirstOrDefault() switch
{
    "admin" => await AdminScenario.RunAsync(args[1..]),
    "check-listeners" => await CheckListeners.RunAsync(args[1..]),
    "director-checks" => await DirectorChecks.RunAsync(args[1..]),
    "removal-time" => await RemovalTime.RunAsync(args[1..]),
    "config-allocations" => ConfigAllocations.Run(args[1..]),
    "memory-floor" => await MemoryFloor.RunAsync(args[1..]),
    _ => RunBenchmarkDotNet(args),
};

static int RunBenchmarkDotNet(string[] args)
{
    BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    return 0;
}
