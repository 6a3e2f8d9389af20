using Xunit;
using Xunit.Abstractions;

namespace LvsActors.Lab.Tests;

/// <summary>What every lab test relies on: environment in, exit code and files out.</summary>
[Collection(LabCollection.Name)]
public sealed class LabPlumbingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_scenario_gets_its_environment_and_its_exit_code_and_files_come_back()
    {
        var runner = LabRunner.Locate();
        var scenario = RepositoryRoot.Of("tests", "LvsActors.Lab.Tests", "Scenarios", "exit-code.sh");
        var options = new LabOptions
        {
            Output = output.WriteLine,
            Environment = new Dictionary<string, string>
            {
                ["LAB_EXIT_CODE"] = "3",
                ["LAB_MESSAGE"] = "it's a 'quoted' $message with spaces",
            },
        };

        var run = await runner.RunAsync(scenario, options);

        Assert.Equal(3, run.ExitCode);
        Assert.Equal("it's a 'quoted' $message with spaces\n", run.ReadFile("message.txt"));
        Assert.Contains("exiting 3", run.Output, StringComparison.Ordinal);
        Assert.True(run.Timings["uml_seconds"] > 0, run.Describe());
    }
}
