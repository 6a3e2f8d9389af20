using Xunit;

namespace LvsActors.Lab.Tests;

/// <summary>
/// Boots the guest once and runs the scheduler-choices scenario for every variant (one boot, about 1 s of guest
/// time per variant); the tests then read its result files.
/// </summary>
public sealed class SchedulerChoicesLab : IAsyncLifetime
{
    /// <summary>
    /// Every scheduler of the lab kernel with the flags and weights that change its choices. Closed connections
    /// leave only inactive counts, which make sed, nq and ovf (they read active connections only) pick the same
    /// server every time, so those run with connections held open; lc, wlc, lblc and lblcr run both ways.
    /// twos is absent: the lab kernel is built without it (CONFIG_IP_VS_TWOS is not set, no ip_vs_twos module), so
    /// only unit tests cover it.
    /// </summary>
    public static IReadOnlyList<SchedulerVariant> Variants { get; } =
    [
        new("rr", "rr", "rs1@1 rs2@1 rs3@1 rs4@1", 16),
        // Weight 0 (quiesced) and a reached -x: skipped by every scheduler that reads weights or the overload flag.
        new("rr-unavailable", "rr", "rs1@1 rs2@0 rs3@1x3 rs4@1", 16),
        new("wrr-3-2-1", "wrr", "rs1@3 rs2@2 rs3@1", 24),
        new("wrr-gcd-quiesced", "wrr", "rs1@6 rs2@4 rs3@2 rs4@0", 24),
        new("wrr-thresholds", "wrr", "rs1@4 rs2@6x5 rs3@2", 24),
        new("lc-weights", "lc", "rs1@4 rs2@1 rs3@2 rs4@3", 24),
        new("lc-open", "lc", "rs1@4 rs2@1 rs3@2 rs4@3", 24) { KeepOpen = true },
        new("wlc-weights", "wlc", "rs1@4 rs2@1 rs3@2 rs4@3", 32),
        new("wlc-open", "wlc", "rs1@4 rs2@1 rs3@2 rs4@3", 32) { KeepOpen = true },
        new("sed-open", "sed", "rs1@4 rs2@1 rs3@2 rs4@3", 32) { KeepOpen = true },
        new("nq-open", "nq", "rs1@4 rs2@1 rs3@2 rs4@3", 32) { KeepOpen = true },
        // Equal weights 5: fo takes the first in the kernel's list (the later added); -x 3 then moves it on.
        new("fo-thresholds", "fo", "rs1@2 rs2@5x3 rs3@5x3 rs4@1", 12),
        new("ovf-thresholds", "ovf", "rs1@3x4 rs2@3x2 rs3@1 rs4@2x2", 16),
        new("ovf-open", "ovf", "rs1@3 rs2@1 rs3@2", 12) { KeepOpen = true },
        new("sh", "sh", "rs1@1 rs2@1 rs3@1 rs4@1", 48),
        new("sh-port-weights", "sh", "rs1@1 rs2@2 rs3@1 rs4@3", 48) { Flags = "sh-port" },
        // An unavailable server (weight 0, or its -x reached): without the fallback flag its sources find no server.
        new("sh-unavailable", "sh", "rs1@1 rs2@1x3 rs3@0 rs4@2", 32),
        new("sh-fallback", "sh", "rs1@1 rs2@1x3 rs3@0 rs4@2", 32) { Flags = "sh-fallback" },
        new("mh", "mh", "rs1@1 rs2@1 rs3@1 rs4@1", 48),
        new("mh-port-weights", "mh", "rs1@2 rs2@1 rs3@1 rs4@3", 48) { Flags = "mh-port" },
        new("mh-unavailable", "mh", "rs1@1 rs2@1x3 rs3@1 rs4@2", 32),
        new("mh-fallback-port", "mh", "rs1@1 rs2@1x3 rs3@1 rs4@2", 32) { Flags = "mh-fallback,mh-port" },
        new("dh", "dh", "rs1@1 rs2@1 rs3@1 rs4@1", 32) { Destinations = 16 },
        new("lblc", "lblc", "rs1@1 rs2@2 rs3@1 rs4@3", 32) { Destinations = 16 },
        new("lblc-open", "lblc", "rs1@2 rs2@1 rs3@3 rs4@2", 32) { Destinations = 16, KeepOpen = true },
        new("lblcr", "lblcr", "rs1@1 rs2@2 rs3@1 rs4@3", 32) { Destinations = 16 },
        new("lblcr-open", "lblcr", "rs1@2 rs2@1 rs3@3 rs4@2", 32) { Destinations = 16, KeepOpen = true },
        // Few destinations, each coming back often, overload their servers: lblc moves them, lblcr replicates.
        new(LblcHot, "lblc", "rs1@1 rs2@1 rs3@3 rs4@1", 32) { Destinations = 3, KeepOpen = true },
        new(LblcrHot, "lblcr", "rs1@1 rs2@1 rs3@3 rs4@1", 32) { Destinations = 3, KeepOpen = true },
    ];

    /// <summary>lblc and lblcr on the same connections, where replication makes lblcr choose differently.</summary>
    public const string LblcHot = "lblc-hot", LblcrHot = "lblcr-hot";

    /// <summary>The scenario's run; its result folder holds choices-NAME.txt and counters-NAME.txt per variant.</summary>
    public LabRun Run { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var options = new LabOptions
        {
            Environment = new Dictionary<string, string>
            {
                ["LAB_VARIANTS"] = string.Join('\n', Variants.Select(v => v.ToLabLine())),
            },
        };
        Run = await LabRunner.Locate().RunAsync("scheduler-choices", options).ConfigureAwait(false);
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
