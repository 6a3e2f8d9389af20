namespace LvsActors.TestSupport;

/// <summary>Finds the checkout (the folder holding LvsActors.sln) from the test's output folder, for hocon/, corpora and scripts.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Found = new(Find);

    /// <summary>The folder holding LvsActors.sln; throws, saying where it looked, outside a checkout.</summary>
    public static string Path => Found.Value;

    /// <summary>A path inside the checkout: <c>Of("hocon", "quickstart.conf")</c>.</summary>
    public static string Of(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "LvsActors.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"LvsActors.sln not found above {AppContext.BaseDirectory}: these tests run from a repository checkout");
    }
}
