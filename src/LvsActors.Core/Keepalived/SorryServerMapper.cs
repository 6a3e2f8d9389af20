namespace LvsActors.Keepalived;

/// <summary>Maps sorry_server, sorry_server_inhibit and sorry_server_lvs_method onto one <c>sorry-server</c> object.</summary>
internal static class SorryServerMapper
{
    public static bool Map(KeepalivedNode node, OutObject sorry, ImportContext context)
    {
        var origin = Origin.Of(node);
        switch (node.Keyword)
        {
            case "sorry_server":
                if (KeepalivedValues.Address(node.Argument) is not { } address)
                {
                    context.Report(node, $"\"{node.Argument}\" is not an IP address; keepalived skips the sorry server, and so did the import");
                    return true;
                }
                var port = node.Arguments.Count > 1 ? node.Arguments[1] : null;
                sorry.Set("address", new OutScalar(OutScalar.Quote(KeepalivedValues.Endpoint(address, port))), origin);
                return true;
            case "sorry_server_inhibit" or "sorry_server_lvs_method" when !sorry.Has("address"):
                context.Report(node, "keepalived ignores this before (or without) sorry_server; not carried over");
                return true;
            case "sorry_server_inhibit":
                sorry.Set("inhibit", OutScalar.Bool(true), origin);
                return true;
            case "sorry_server_lvs_method":
                ForwardingMapper.Map(node, sorry, context);
                return true;
            default:
                return false;
        }
    }
}
