namespace LvsActors.TestSupport;

/// <summary>
/// <c>lvsactors-native</c> (src/LvsActors.Cli.Native) compiled ahead of time as the Debian package ships it, once per
/// test process, into the test's output folder (inside the repository, so that a lab guest sees it through hostfs).
/// </summary>
public static class PublishedNative
{
    private static readonly Lazy<Task<string>> Published = new(PublishAsync);

    /// <summary>The path of the published lvsactors-native executable.</summary>
    public static Task<string> PathAsync() => Published.Value;

    private static async Task<string> PublishAsync()
    {
        var output = Path.Combine(AppContext.BaseDirectory, "native");
        await DotnetPublish.RunAsync(Path.Combine("src", "LvsActors.Cli.Native", "LvsActors.Cli.Native.csproj"), output,
            Path.Combine(AppContext.BaseDirectory, "native-build"), [], TimeSpan.FromMinutes(10)).ConfigureAwait(false);
        var executable = Path.Combine(output, "lvsactors-native");
        return File.Exists(executable) ? executable : throw new FileNotFoundException("dotnet publish left no lvsactors-native", executable);
    }
}
