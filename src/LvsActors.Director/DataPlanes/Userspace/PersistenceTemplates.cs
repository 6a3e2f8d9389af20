using LvsActors.Scheduling;

namespace LvsActors.Director.DataPlanes.Userspace;

/// <summary>
/// A persistence template (the kernel's <c>IP_VS_CONN_F_TEMPLATE</c> connection): the real server a client network
/// is bound to. Guarded by the service's lock.
/// </summary>
internal sealed class PersistenceTemplate(ProxiedRealServer server)
{
    public ProxiedRealServer Server { get; set; } = server;

    /// <summary>Open connections and flows it bound (the kernel's <c>n_control</c>).</summary>
    public int Controlled { get; set; }

    /// <summary>When it may go, in <see cref="Environment.TickCount64"/> milliseconds: the persistence timeout after its last use.</summary>
    public long ExpiresAt { get; set; }
}

/// <summary>
/// The persistence templates of one virtual service, keyed by masked client address. A template lives while it
/// controls an open connection and for the persistence timeout after its last use. Deviation from the kernel, which
/// re-arms the template timer in whole timeouts and also counts TIME_WAIT entries as controlled: a template here can
/// go up to one timeout earlier. Not thread-safe: the service's lock guards it.
/// </summary>
internal sealed class PersistenceTemplates
{
    private readonly Dictionary<InetAddress, PersistenceTemplate> _byNetwork = [];

    public int Count => _byNetwork.Count;

    public PersistenceTemplate? Find(InetAddress network) => _byNetwork.GetValueOrDefault(network);

    public PersistenceTemplate Bind(InetAddress network, ProxiedRealServer server)
    {
        if (_byNetwork.TryGetValue(network, out var template))
        {
            template.Server = server;
            return template;
        }
        template = new PersistenceTemplate(server);
        _byNetwork.Add(network, template);
        return template;
    }

    /// <summary>Forgets templates that control nothing and whose timeout has passed.</summary>
    public void Expire(long now)
    {
        foreach (var (network, template) in _byNetwork)
        {
            if (template.Controlled == 0 && now >= template.ExpiresAt)
                _byNetwork.Remove(network);
        }
    }

    /// <summary>How many templates point at <paramref name="server"/> (the kernel's <c>persistconns</c>).</summary>
    public int CountFor(ProxiedRealServer server)
    {
        var count = 0;
        foreach (var template in _byNetwork.Values)
        {
            if (template.Server == server)
                count++;
        }
        return count;
    }

    /// <summary>Forgets every template that controls nothing; the rest go when their connections end.</summary>
    public void Clear()
    {
        foreach (var (network, template) in _byNetwork)
        {
            if (template.Controlled == 0)
                _byNetwork.Remove(network);
        }
    }
}
