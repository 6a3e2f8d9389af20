using System.Text;

namespace LvsActors.Director.Leadership;

/// <summary>Renders a <see cref="ClusterStatus"/> as the text <c>lvsactors status</c> prints.</summary>
public static class ClusterStatusFormatter
{
    /// <summary>The owner, whether this node holds the VIPs, and one line per member; every line ends with \n.</summary>
    public static string Format(ClusterStatus status)
    {
        var text = new StringBuilder();
        var owner = status.Ownership switch
        {
            null => "unknown (the VipOwner did not answer)",
            { Owner: null } => "none",
            { Owner: var o, Epoch: var e } => $"{o} (epoch {e})",
        };
        if (status.ActiveActive)
        {
            text.Append("Mode: active-active (every director announces the VIPs it can serve)\n");
            text.Append("This node: ").Append(Announcing(status)).Append('\n');
            foreach (var session in status.Bgp ?? [])
            {
                text.Append("BGP ").Append(session.Name).Append(": ").Append(session.State).Append(session.Info.Length > 0 ? " " + session.Info : "").Append('\n');
            }
            if (status.BgpProblem is { } problem)
            {
                text.Append("BGP: ").Append(problem).Append('\n');
            }
        }
        else
        {
            text.Append("VIP owner: ").Append(owner).Append('\n');
            text.Append("This node: ").Append(Local(status)).Append('\n');
        }
        var width = Math.Max("Member".Length, status.Members.Select(m => m.Address.Length).DefaultIfEmpty(0).Max());
        text.Append($"{"Member".PadRight(width)}  {"Status",-8}  {"Reachable",-9}  Roles\n");
        foreach (var m in status.Members)
        {
            var marks = (m.Address == status.Self ? " (self)" : "") + (m.Leader ? " (leader)" : "") + (m.Address == status.Ownership?.Owner ? " (owner)" : "");
            text.Append($"{m.Address.PadRight(width)}  {m.Status,-8}  {(m.Reachable ? "yes" : "NO"),-9}  {string.Join(",", m.Roles)}{marks}\n");
        }
        return text.ToString();
    }

    private static string Announcing(ClusterStatus status) => status.Local switch
    {
        { HoldingEpoch: not null } => "announces the VIPs",
        { Eligible: true } => "announces nothing: no service can take the VIPs' traffic",
        { Reason: var reason } => $"announces nothing: {reason}",
        null => "unknown (its VipHolder did not answer)",
    };

    private static string Local(ClusterStatus status) => status.Local switch
    {
        { HoldingEpoch: { } epoch } => $"holds the VIPs (epoch {epoch})",
        { Eligible: true } => "does not hold the VIPs; may take them",
        { Reason: var reason } => $"does not hold the VIPs; may not take them: {reason}",
        // A witness has no VipHolder, so nothing answers for it.
        null when status.Members.FirstOrDefault(m => m.Address == status.Self)?.Roles.Contains("witness") == true => "a witness; it never holds the VIPs",
        null => "unknown (its VipHolder did not answer)",
    };
}
