using System.Collections.Concurrent;
using LvsActors.Director.Checks;

namespace LvsActors.Director.Tests.Checks;

/// <summary>A probe loop's owner for specs: keeps every result the loop reports or repeats, in order, to be taken one by one.</summary>
internal sealed class ProbeLoopResults : IProbeLoopOwner
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly BlockingCollection<(CheckResult Result, bool Reported)> _probes = [];

    public void Probed(CheckResult result, TimeSpan duration, bool reported) => _probes.Add((result, reported));

    /// <summary>The next probe's result, reported or not.</summary>
    public (CheckResult Result, bool Reported) Next() =>
        _probes.TryTake(out var probed, Wait) ? probed : throw new TimeoutException($"no probe result within {Wait}");

    /// <summary>The next result that ended the loop's run, skipping silent repeats.</summary>
    public (CheckResult Result, bool Reported) NextReported()
    {
        while (true)
        {
            var probed = Next();
            if (probed.Reported)
            {
                return probed;
            }
        }
    }
}
