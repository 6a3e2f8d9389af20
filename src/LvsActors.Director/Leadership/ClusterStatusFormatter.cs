using System.Text;

namespace LvsActors.Director.Leadership;

/// <summary>Renders a <see cref="ClusterStatus"/> as the text <c>lvsactors status</c> prints.</summary>
public static class ClusterStatusFormatter
{
    public static string Format(ClusterStatus status)
    {
        var text = new StringBuilder();
        var owner = status.Ownership switch
        {
            null => "unknown (the VipOwner did not answer)",
            { Owner: null } => "none",
            { Owner: var o, Epoch: var e } => $"{o} (epoch {e})",
        };
        text.Append("VIP owner: ").Append(owner).Append('\n');
        var width = Math.Max("Member".Length, status.Members.Select(m => m.Address.Length).DefaultIfEmpty(0).Max());
        text.Append($"{"Member".PadRight(width)}  {"Status",-8}  {"Reachable",-9}  Roles\n");
        foreach (var m in status.Members)
        {
            var marks = (m.Address == status.Self ? " (self)" : "") + (m.Leader ? " (leader)" : "") + (m.Address == status.Ownership?.Owner ? " (owner)" : "");
            text.Append($"{m.Address.PadRight(width)}  {m.Status,-8}  {(m.Reachable ? "yes" : "NO"),-9}  {string.Join(",", m.Roles)}{marks}\n");
        }
        return text.ToString();
    }
}
