using LvsActors.Director.Checks;
using LvsActors.Model;

namespace LvsActors.Director.Tests.Checks;

public sealed class FileCheckerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("lvs-file-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private async Task<CheckResult> RunAsync(string? content, int weight, int configuredWeight = 1)
    {
        var path = Path.Combine(_directory, "web1");
        if (content is not null)
        {
            await File.WriteAllTextAsync(path, content);
        }
        var spec = new FileCheckSpec(CheckTiming.Default, ConnectOptions.Default, path, weight);
        return await HealthCheckers.Create(spec, Probe.Loopback(80), configuredWeight).CheckAsync(TimeSpan.FromSeconds(1), CancellationToken.None);
    }

    [Fact]
    public async Task Without_a_weight_zero_is_up_and_anything_else_down_as_in_keepalived()
    {
        var zero = await RunAsync("0\n", weight: 0);
        var one = await RunAsync("1\n", weight: 0);

        Assert.True(zero.Up, zero.Reason);
        Assert.Null(zero.Weight);
        Assert.False(one.Up);
        Assert.EndsWith("web1 holds 1", one.Reason);
    }

    [Fact]
    public async Task A_missing_file_reads_as_zero_so_removing_the_maintenance_file_brings_the_server_back()
    {
        var result = await RunAsync(null, weight: 0);

        Assert.True(result.Up, result.Reason);
    }

    [Fact]
    public async Task With_a_weight_the_value_times_weight_is_added_to_the_configured_weight()
    {
        var result = await RunAsync("3\n", weight: 10, configuredWeight: 5);

        Assert.True(result.Up, result.Reason);
        Assert.Equal(35, result.Weight);
    }

    [Fact]
    public async Task A_negative_resulting_weight_is_down_and_a_huge_one_is_capped()
    {
        var negative = await RunAsync("-2", weight: 5, configuredWeight: 4);
        var zero = await RunAsync("-2", weight: 2, configuredWeight: 4);
        var huge = await RunAsync("100000", weight: 254);

        Assert.False(negative.Up);
        Assert.True(zero.Up, zero.Reason);
        Assert.Equal(0, zero.Weight);
        Assert.Equal(RealServer.MaxWeight, huge.Weight);
    }

    [Fact]
    public async Task Text_that_is_not_a_number_reads_as_zero()
    {
        Assert.True((await RunAsync("maintenance\n", weight: 0)).Up);
        Assert.False((await RunAsync("1 maintenance\n", weight: 0)).Up);
    }

    [Theory]
    [InlineData("42", 42)]
    [InlineData("  \t+7 requests\n", 7)]
    [InlineData("-12", -12)]
    [InlineData("0x1F", 31)]
    [InlineData("010", 8)]
    [InlineData("0x", 0)]
    [InlineData("", 0)]
    [InlineData("abc", 0)]
    public void Numbers_are_read_as_strtol_with_base_0_reads_them(string text, long expected) =>
        Assert.Equal(expected, FileChecker.StrtolBase0(text));
}
