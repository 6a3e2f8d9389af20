namespace LvsActors.Intruder;

/// <summary>
/// The intruder's own view, one line a second: whether it is a member of the cluster it joined, holds the VIPs now,
/// and ever claimed them. The line reads "intruder member=no holds=no claimed=no"; the Cli tests parse it.
/// </summary>
internal sealed record View(bool Member, bool Holds, bool Claimed)
{
    public override string ToString() => $"intruder member={YesNo(Member)} holds={YesNo(Holds)} claimed={YesNo(Claimed)}";

    private static string YesNo(bool value) => value ? "yes" : "no";
}
