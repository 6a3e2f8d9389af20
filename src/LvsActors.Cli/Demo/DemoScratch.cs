namespace LvsActors.Cli.Demo;

/// <summary>A folder of the demo's own for its admin journal, removed when the demo ends.</summary>
internal sealed class DemoScratch : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lvsactors-demo-").FullName;

    /// <summary>The SQLite journal's path inside the folder.</summary>
    public string Journal => Path.Combine(_folder, "admin.db");

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open at exit: the system's temporary folder is cleaned anyway.
        }
    }
}
