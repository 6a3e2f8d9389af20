using LvsActors.Model;

namespace LvsActors.Configuration;

/// <summary>Binds one entry of <c>real-servers = [ … ]</c> and checks it against its virtual service.</summary>
internal static class RealServerBinder
{
    public static RealServer? Bind(Section section, VirtualServiceKey service, Inherited fromService)
    {
        var inherited = fromService.ReadFrom(section);
        var endpoint = section.Endpoint("address", service.Port);
        if (!section.Has("address"))
        {
            section.Error("address", "every real server needs an address, e.g. address = \"198.51.100.11:80\"");
        }
        var weight = (int)section.Integer("weight", RealServer.DefaultWeight, 0, RealServer.MaxWeight);
        var thresholds = ReadThresholds(section);
        var checks = BindChecks(section, inherited);
        var notifyUp = section.Command("notify-up");
        var notifyDown = section.Command("notify-down");
        if (endpoint is { } ep)
        {
            CheckForwarding(section, "address", service, ep, inherited);
        }
        section.Finish();
        return endpoint is null
            ? null
            : new RealServer(endpoint.Value, weight, inherited.Forwarding, TunnelFor(inherited), thresholds, checks, notifyUp, notifyDown, inherited.InhibitOnFailure);
    }

    // A loop into an array the list adopts, not LINQ or a List copied: a table binds ten thousand real servers, and
    // an iterator chain, a closure or a second array each is garbage.
    private static ValueList<HealthCheckSpec> BindChecks(Section section, Inherited inherited)
    {
        var sections = section.ObjectList("checks");
        var checks = new HealthCheckSpec[sections.Count];
        var bound = 0;
        for (var i = 0; i < sections.Count; i++)
        {
            if (CheckBinder.Bind(sections[i], inherited) is { } check)
            {
                checks[bound++] = check;
            }
        }
        return ValueList<HealthCheckSpec>.Adopt(bound == checks.Length ? checks : checks[..bound]);
    }

    /// <summary>Only tunnelled servers carry tunnel settings; plain ipip when none were given.</summary>
    public static TunnelSettings? TunnelFor(Inherited inherited) =>
        inherited.Forwarding == ForwardingMethod.Tunnel ? inherited.Tunnel ?? TunnelSettings.Ipip : null;

    /// <summary>What a real server's address may be, and the kernel's rules on ports and address families for each forwarding method.</summary>
    public static void CheckForwarding(Section section, string key, VirtualServiceKey service, Endpoint endpoint, Inherited inherited)
    {
        if (RealServerAddress.Problem(service, endpoint) is { } problem)
        {
            section.Error(key, problem);
            return;
        }
        if (inherited.Forwarding != ForwardingMethod.Tunnel && inherited.Tunnel is not null && section.Has("tunnel"))
        {
            section.Error("tunnel", "tunnel settings apply only with forwarding = tun");
        }
        if (endpoint.Family != service.Family && inherited.Forwarding != ForwardingMethod.Tunnel)
        {
            section.Error(key, $"{endpoint} is {Family(endpoint.Family)} but the service is {Family(service.Family)}; " +
                "the kernel mixes address families only for tunnelled real servers (forwarding = tun)");
        }
        // ipvsadm and keepalived force DR and TUN destinations onto the service port: the packet is not rewritten.
        if (service is AddressServiceKey && inherited.Forwarding != ForwardingMethod.Nat && endpoint.Port != service.Port)
        {
            var method = inherited.Forwarding == ForwardingMethod.DirectRouting ? "dr" : "tun";
            section.Error(key, $"port {endpoint.Port} differs from the service port {service.Port}; with forwarding = {method} the packet " +
                "keeps its destination port, so the real server must listen on the service port (or use forwarding = nat)");
        }
    }

    private static Thresholds ReadThresholds(Section section)
    {
        var upper = (uint)section.Integer("upper-threshold", 0, 0, int.MaxValue);
        var lower = (uint)section.Integer("lower-threshold", 0, 0, int.MaxValue);
        if (lower > upper)
        {
            section.Error("lower-threshold", upper == 0
                ? $"{lower} is set without an upper-threshold; the lower threshold only ends an overload the upper one starts"
                : $"{lower} is above upper-threshold {upper}; the kernel refuses it (ERANGE)");
        }
        return new Thresholds(upper, lower);
    }

    internal static string Family(System.Net.Sockets.AddressFamily family) =>
        family == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4";
}
