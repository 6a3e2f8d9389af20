namespace LvsActors.Director.Tests.Checks.Servers;

/// <summary>A temporary directory of executable shell scripts, readable by every user, removed on dispose.</summary>
internal sealed class ScriptDirectory : IDisposable
{
    private const UnixFileMode Executable =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
        UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    public ScriptDirectory()
    {
        Path = Directory.CreateTempSubdirectory("lvs-misc-").FullName;
        // Readable by others, so that a script can run as an unprivileged user.
        File.SetUnixFileMode(Path, Executable);
    }

    public string Path { get; }

    /// <summary>Writes <c>#!/bin/sh</c> and <paramref name="body"/> to an executable file and returns its path.</summary>
    public string Write(string name, string body)
    {
        var path = System.IO.Path.Combine(Path, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, Executable);
        return path;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
