namespace LvsActors.Keepalived;

/// <summary>Maps <c>lvs_method NAT|DR|TUN [type ipip|gue|gre] [port N] [nocsum|csum|remcsum]</c> onto forwarding and tunnel.</summary>
internal static class ForwardingMapper
{
    /// <summary>Sets <c>forwarding</c> (and <c>tunnel</c> for TUN with options) on <paramref name="target"/>.</summary>
    public static void Map(KeepalivedNode node, OutObject target, ImportContext context)
    {
        var origin = Origin.Of(node);
        var method = node.Argument switch
        {
            "NAT" => "nat",
            "DR" => "dr",
            "TUN" => "tun",
            _ => null,
        };
        if (method is null)
        {
            context.Report(node, $"unknown method \"{node.Argument}\"; keepalived ignores it, and so did the import (accepted: NAT, DR, TUN)");
            return;
        }
        target.Set("forwarding", OutScalar.String(method), origin);
        if (node.Arguments.Count == 1)
        {
            return;
        }
        var tunnel = new OutObject(origin);
        for (var i = 1; i < node.Arguments.Count; i++)
        {
            switch (node.Arguments[i])
            {
                case "type" when i + 1 < node.Arguments.Count:
                    tunnel.Set("type", OutScalar.String(node.Arguments[++i]), origin);
                    break;
                case "port" when i + 1 < node.Arguments.Count:
                    tunnel.Set("port", new OutScalar(node.Arguments[++i]), origin);
                    break;
                case "nocsum" or "csum" or "remcsum":
                    tunnel.Set("checksum", OutScalar.String(node.Arguments[i]), origin);
                    break;
                default:
                    context.Report(node, $"unknown tunnel option \"{node.Arguments[i]}\"; keepalived refuses the whole lvs_method, and so did the import");
                    target.Remove("forwarding");
                    return;
            }
        }
        if (method != "tun")
        {
            context.Report(node, $"tunnel options apply to TUN only; keepalived ignores them with {node.Argument}");
            return;
        }
        target.Set("tunnel", tunnel, origin);
    }
}
