using LvsActors.Benchmarks;

// `-- admin [writes]` runs the timed admin scenario (write latency, recovery); anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "admin")
{
    return await AdminScenario.RunAsync(args[1..]);
}
BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
