namespace LvsActors.Model;

/// <summary>
/// A program run on a state change (notify-up, quorum-down, notify-master, …): the program and its arguments,
/// started without a shell so that nothing in a value is ever interpreted.
/// </summary>
public sealed record NotifyCommand(ValueList<string> Arguments)
{
    /// <summary>The program to run.</summary>
    public string Program => Arguments[0];

    public override string ToString() => string.Join(' ', Arguments.Select(a => a.Contains(' ') ? $"\"{a}\"" : a));
}
