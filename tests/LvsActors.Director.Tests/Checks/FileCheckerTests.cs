using LvsActors.Director.Checks;
using LvsActors.Model;

namespace LvsActors.Director.Tests.Checks;

public sealed class FileCheckerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("lvs-file-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private async Task<CheckResult> RunAsync(string? content, int weight)
    {
        var path = Path.Combine(_directory, "web1");
        if (content is not null)
        {
            await File.WriteAllTextAsync(path, content);
        }
        return await Probe.RunAsync(new FileCheckSpec(CheckTiming.Default, ConnectOptions.Default, path, weight), Probe.Loopback(80));
    }

    [Fact]
    public async Task A_non_zero_value_is_up_and_with_a_weight_sets_value_times_weight()
    {
        var result = await RunAsync("3\n", weight: 10);

        Assert.True(result.Up, result.Reason);
        Assert.Equal(30, result.Weight);
    }

    [Fact]
    public async Task Without_a_weight_a_non_zero_value_keeps_the_configured_weight()
    {
        var result = await RunAsync("1", weight: 0);

        Assert.True(result.Up, result.Reason);
        Assert.Null(result.Weight);
    }

    [Fact]
    public async Task Zero_is_down()
    {
        var result = await RunAsync("0\n", weight: 10);

        Assert.False(result.Up);
        Assert.EndsWith("web1 holds 0", result.Reason);
    }

    [Fact]
    public async Task A_missing_file_is_down_with_the_reason()
    {
        var result = await RunAsync(null, weight: 0);

        Assert.False(result.Up);
        Assert.Equal($"{Path.Combine(_directory, "web1")} does not exist", result.Reason);
    }

    [Fact]
    public async Task Text_that_is_not_a_number_reads_as_zero_and_is_down()
    {
        var result = await RunAsync("maintenance\n", weight: 0);

        Assert.False(result.Up);
    }

    [Fact]
    public async Task A_negative_product_is_up_with_weight_0_and_a_huge_one_is_capped()
    {
        var negative = await RunAsync("-2", weight: 5);
        var huge = await RunAsync("100000", weight: 254);

        Assert.True(negative.Up, negative.Reason);
        Assert.Equal(0, negative.Weight);
        Assert.Equal(RealServer.MaxWeight, huge.Weight);
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
