namespace LvsActors.Director.Tests.Actors;

/// <summary>Real programs for notify hooks and misc checks, written to a temporary folder.</summary>
internal sealed class Scripts : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lvs-spec-").FullName;

    /// <summary>A file the recording script appends to: one line per call with its arguments and LVS_ variables.</summary>
    public string Log => Path.Combine(_folder, "calls.log");

    /// <summary>A program that appends "ARGS | LVS_EVENT LVS_VIRTUAL_SERVICE LVS_REAL_SERVER" to <see cref="Log"/>.</summary>
    public string Recorder => Write("record", $"#!/bin/sh\necho \"$* | $LVS_EVENT $LVS_VIRTUAL_SERVICE $LVS_REAL_SERVER\" >> {Log}\n");

    /// <summary>A program that exits with the number in <paramref name="codeFile"/> (a misc check under the test's control).</summary>
    public string ExitWithCodeFrom(string codeFile) => Write("exit-code", $"#!/bin/sh\nexit $(cat {codeFile})\n");

    public string File(string name) => Path.Combine(_folder, name);

    public IReadOnlyList<string> Calls() => System.IO.File.Exists(Log) ? System.IO.File.ReadAllLines(Log) : [];

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        System.IO.File.WriteAllText(path, text);
        System.IO.File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
