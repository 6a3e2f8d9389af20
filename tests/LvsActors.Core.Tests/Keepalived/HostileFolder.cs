namespace LvsActors.Tests.Keepalived;

/// <summary>
/// A temporary folder holding what an <c>include</c> must refuse without hanging or crashing: a FIFO, a link to
/// /dev/zero, a directory, an unreadable file, a file over the size limit, and files that include themselves.
/// </summary>
internal sealed class HostileFolder : IDisposable
{
    public HostileFolder()
    {
        Path = Directory.CreateTempSubdirectory("lvs-keepalived-").FullName;
        Directory.CreateDirectory(In("conf.d/sub"));
        File.WriteAllText(In("conf.d/a.conf"), "virtual_server 192.0.2.1 80 {\n  real_server 198.51.100.1 80 {\n  }\n}\n");
        File.WriteAllText(In("conf.d/b.conf"), "virtual_server 192.0.2.2 80 {\n  real_server 198.51.100.2 80 {\n  }\n}\n");
        File.WriteAllText(In("conf.d/.hidden.conf"), "hidden_keyword\n");
        File.WriteAllText(In("loop.conf"), "include loop.conf\n");
        File.WriteAllText(In("ping.conf"), "include pong.conf\n");
        File.WriteAllText(In("pong.conf"), "include ping.conf\n");
        File.CreateSymbolicLink(In("loop-link.conf"), In("loop.conf"));
        File.CreateSymbolicLink(In("zero.conf"), "/dev/zero");
        File.WriteAllText(In("big.conf"), new string('#', (int)LvsActors.Keepalived.KeepalivedLimits.MaxFileBytes + 1));
        SpecialFiles.MakeFifo(In("pipe.conf"));
        UnreadableProblem = SpecialFiles.MakeUnreadable(In("unreadable.conf"));
    }

    public string Path { get; }

    /// <summary>Why no unreadable file could be made here, or null when <c>unreadable.conf</c> is one.</summary>
    public string? UnreadableProblem { get; }

    public string In(string relative) => System.IO.Path.Combine(Path, relative);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
