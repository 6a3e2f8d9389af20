namespace LvsActors.Lab.Tests;

/// <summary>How <see cref="LabRunner.RunAsync"/> boots the guest and what it hands the scenario.</summary>
public sealed record LabOptions
{
    /// <summary>Variables set in the scenario's environment (for example the path of a host-built program to run).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Files written into the result folder before the guest boots, by path relative to it (for example inputs made
    /// on the host): the scenario finds them under $LAB_RESULT, which the guest sees even when it is under /tmp.
    /// </summary>
    public IReadOnlyDictionary<string, string> Files { get; init; } = new Dictionary<string, string>();

    /// <summary>The guest's memory, as UML's mem= takes it; 1G fits the .NET runtime comfortably.</summary>
    public string Memory { get; init; } = "1G";

    /// <summary>Boot, scenario and halt together; the guest is killed when it is reached.</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>
    /// Director guests beside the one that runs the scenario (deploy/lab/boot-cluster.sh): each its own UML kernel and
    /// CPU, as each director of a cluster has its own machine. 0 (the default): one guest, deploy/lab/boot.sh.
    /// </summary>
    public int DirectorGuests { get; init; }

    /// <summary>Each director guest's memory, when <see cref="DirectorGuests"/> is above 0.</summary>
    public string DirectorMemory { get; init; } = "1536M";

    /// <summary>Receives each console line as it arrives (for example ITestOutputHelper.WriteLine).</summary>
    public Action<string>? Output { get; init; }
}
