using System.Collections.Concurrent;
using System.Diagnostics;
using LvsActors.Director.Checks;

namespace LvsActors.Benchmarks.Scenarios;

/// <summary>Notes when each checker starts a probe, to tell how many probes ran on time.</summary>
internal sealed class ProbeStarts
{
    private readonly long _origin = Stopwatch.GetTimestamp();
    private readonly ConcurrentBag<List<long>> _all = [];

    public IHealthChecker Wrap(IHealthChecker checker)
    {
        var starts = new List<long>();
        _all.Add(starts);
        return checker is ILoopingHealthChecker looping ? new TimedLoops(looping, starts) : new Timed(checker, starts);
    }

    public object Report(TimeSpan warmup, TimeSpan window, TimeSpan interval)
    {
        long probes = 0, intervals = 0, onTime = 0;
        foreach (var starts in _all)
        {
            List<double> seconds;
            lock (starts)
            {
                seconds = starts.Select(t => Stopwatch.GetElapsedTime(_origin, t).TotalSeconds)
                    .Where(s => s >= warmup.TotalSeconds && s < (warmup + window).TotalSeconds).ToList();
            }
            probes += seconds.Count;
            for (var i = 1; i < seconds.Count; i++)
            {
                intervals++;
                onTime += seconds[i] - seconds[i - 1] <= interval.TotalSeconds * 1.1 ? 1 : 0;
            }
        }
        return new { probes, onTimeFraction = intervals == 0 ? 0 : (double)onTime / intervals };
    }

    private sealed class Timed(IHealthChecker inner, List<long> starts) : IHealthChecker
    {
        public Task<CheckResult> CheckAsync(TimeSpan timeout, CancellationToken cancellationToken)
        {
            lock (starts)
            {
                starts.Add(Stopwatch.GetTimestamp());
            }
            return inner.CheckAsync(timeout, cancellationToken);
        }
    }

    /// <summary>Notes the start of every probe of a checker's own loop, as the end of the probe less its duration.</summary>
    private sealed class TimedLoops(ILoopingHealthChecker inner, List<long> starts) : ILoopingHealthChecker
    {
        public Task<CheckResult> CheckAsync(TimeSpan timeout, CancellationToken cancellationToken) => new Timed(inner, starts).CheckAsync(timeout, cancellationToken);

        public IProbeLoop? StartLoop(TimeSpan interval, TimeSpan timeout, IProbeLoopOwner owner) =>
            inner.StartLoop(interval, timeout, new Owner(owner, starts));

        private sealed class Owner(IProbeLoopOwner inner, List<long> starts) : IProbeLoopOwner
        {
            public void Probed(CheckResult result, TimeSpan duration, bool reported)
            {
                lock (starts)
                {
                    starts.Add(Stopwatch.GetTimestamp() - (long)(duration.TotalSeconds * Stopwatch.Frequency));
                }
                inner.Probed(result, duration, reported);
            }
        }
    }
}
