using Xunit;
using Xunit.Abstractions;

namespace LvsActors.Lab.Tests;

/// <summary>
/// The nat-command scenario runs commands a test hands it in the NAT lab: the way later tests drive our own
/// director binary. Here the command is ipvsadm with weighted round robin.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class NatCommandTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Weighted_round_robin_programmed_by_a_test_supplied_command_splits_by_weight()
    {
        const string command = """
            lab_in director ipvsadm -A -t "$LAB_VIP:80" -s wrr
            lab_in director ipvsadm -a -t "$LAB_VIP:80" -r "$LAB_RS1:80" -m -w 3
            lab_in director ipvsadm -a -t "$LAB_VIP:80" -r "$LAB_RS2:80" -m -w 1
            lab_requests client "http://$LAB_VIP/" 8 responses.txt
            """;
        var options = new LabOptions
        {
            Output = output.WriteLine,
            Environment = new Dictionary<string, string> { ["LAB_COMMAND"] = command },
        };

        var run = await LabRunner.Locate().RunAsync("nat-command", options);

        Assert.True(run.Succeeded, run.Describe());
        var responses = run.ReadLines("responses.txt");
        Assert.Equal(6, responses.Count(r => r == "rs1"));
        Assert.Equal(2, responses.Count(r => r == "rs2"));
        Assert.Contains("-a -t 203.0.113.100:80 -r 198.51.100.11:80 -m -w 3", run.ReadLines("ipvsadm-S.txt"));
    }

    [Fact]
    public async Task A_failing_command_fails_the_scenario_with_its_exit_code()
    {
        var options = new LabOptions
        {
            Output = output.WriteLine,
            Environment = new Dictionary<string, string> { ["LAB_COMMAND"] = "lab_in director ipvsadm -L -t 192.0.2.1:80\necho unreachable" },
        };

        var run = await LabRunner.Locate().RunAsync("nat-command", options);

        Assert.NotEqual(0, run.ExitCode);
        Assert.DoesNotContain("unreachable", run.Output, StringComparison.Ordinal);
    }
}
