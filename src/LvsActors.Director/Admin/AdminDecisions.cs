using LvsActors.Director.Intent;
using LvsActors.Model;

namespace LvsActors.Director.Admin;

/// <summary>
/// Decides what a command does against the configuration and the current intent: the event to persist, nothing
/// (the intent already says so), or a refusal that says what is wrong and where. Pure, so it is tested without actors.
/// </summary>
public static class AdminDecisions
{
    /// <summary>The outcome of a command: an event to persist, a refusal, or neither (nothing to change).</summary>
    public readonly record struct Decision(IAdminEvent? Event, AdminWriteRejected? Rejection);

    public static Decision Decide(LvsConfig config, AdminIntent intent, IAdminCommand command, DateTimeOffset now, TimeSpan drainTimeout)
    {
        var service = config.VirtualServices.FirstOrDefault(s => s.Name == command.VirtualService);
        if (service is null)
        {
            var names = string.Join(", ", config.VirtualServices.Select(s => s.Name));
            return Reject(AdminRejection.NotFound, $"virtual service {command.VirtualService} is not configured; configured: {(names.Length == 0 ? "none" : names)}");
        }
        var si = intent.For(service.Name);
        switch (command)
        {
            case StartServiceMaintenance c:
                return si.Maintenance ? default : Accept(new ServiceMaintenanceStarted(service.Name, c.By, now));
            case RestoreVirtualService c:
                return si.Maintenance ? Accept(new ServiceMaintenanceEnded(service.Name, c.By, now)) : default;
            case AddRealServer c:
                return Add(service, si, c, now);
        }
        var (endpoint, error) = Member(service, si, RealServerOf(command));
        if (error is not null)
        {
            return error.Value;
        }
        var rs = si.For(endpoint);
        return command switch
        {
            DrainRealServer c when c.Timeout is { } t && (t <= TimeSpan.Zero || t > TimeSpan.FromDays(7)) =>
                Reject(AdminRejection.Invalid, $"drain timeout {t} is out of range; accepted: 1s to 7d"),
            DrainRealServer c => rs.Drain is not null ? default : Accept(new RealServerDrained(service.Name, endpoint, now + (c.Timeout ?? drainTimeout), c.By, now)),
            CompleteDrain c => rs.Drain is { Completed: false } ? Accept(new DrainCompleted(service.Name, endpoint, c.Reason, c.By, now)) : default,
            RestoreRealServer c => rs.Drain is null && !rs.Maintenance && rs.Weight is null ? default : Accept(new RealServerRestored(service.Name, endpoint, c.By, now)),
            OverrideWeight c when c.Weight is < 0 or > RealServer.MaxWeight =>
                Reject(AdminRejection.Invalid, $"weight {c.Weight} of real server {endpoint} in virtual service {service.Name} is out of range; accepted: 0 to {RealServer.MaxWeight}"),
            OverrideWeight c => rs.Weight == c.Weight ? default : Accept(new WeightOverridden(service.Name, endpoint, c.Weight, c.By, now)),
            StartRealServerMaintenance c => rs.Maintenance ? default : Accept(new RealServerMaintenanceStarted(service.Name, endpoint, c.By, now)),
            RemoveRealServer c => Accept(new RealServerRemoved(service.Name, endpoint, c.By, now)),
            _ => Reject(AdminRejection.Invalid, $"unknown command {command.GetType().Name}"),
        };
    }

    /// <summary>The real servers a service has now: configured ones not removed, and runtime-added ones.</summary>
    public static IEnumerable<string> Members(VirtualService service, ServiceIntent intent) =>
        service.RealServers.Select(rs => rs.Endpoint.ToString()).Where(e => !intent.For(e).Removed)
            .Concat(intent.RealServers.Where(kv => kv.Value.Added is not null).Select(kv => kv.Key));

    private static Decision Add(VirtualService service, ServiceIntent si, AddRealServer c, DateTimeOffset now)
    {
        if (Parse(service, c.RealServer) is not { } endpoint)
        {
            return Reject(AdminRejection.Invalid, $"real server \"{c.RealServer}\" is malformed; accepted: ADDRESS:PORT such as 198.51.100.11:80 or [2001:db8::11]:80");
        }
        if (RealServerAddress.Problem(service.Key, endpoint) is { } problem)
        {
            return Reject(AdminRejection.Invalid, $"real server \"{c.RealServer}\": {problem}");
        }
        if (c.Weight is < 0 or > RealServer.MaxWeight)
        {
            return Reject(AdminRejection.Invalid, $"weight {c.Weight} of real server {endpoint} is out of range; accepted: 0 to {RealServer.MaxWeight}");
        }
        if (service.Key.Family != endpoint.Family)
        {
            return Reject(AdminRejection.Invalid,
                $"real server {endpoint} is not of the address family of virtual service {service.Name} ({service.Key}); mixed families need tun forwarding: add such a server in the configuration file");
        }
        var text = endpoint.ToString();
        if (Members(service, si).Contains(text))
        {
            return Reject(AdminRejection.Conflict, $"real server {text} is already in virtual service {service.Name}");
        }
        string? template;
        if (c.ChecksLike is null)
        {
            template = service.RealServers.FirstOrDefault()?.Endpoint.ToString();
        }
        else if (Parse(service, c.ChecksLike) is { } like && service.RealServers.Any(rs => rs.Endpoint == like))
        {
            template = like.ToString();
        }
        else
        {
            return Reject(AdminRejection.NotFound, $"checks-like {c.ChecksLike} is not a configured real server of virtual service {service.Name}");
        }
        // A configured server removed at runtime comes back as configured, not as a new one.
        return service.RealServers.Any(rs => rs.Endpoint == endpoint)
            ? Accept(new RealServerRestored(service.Name, text, c.By, now))
            : Accept(new RealServerAdded(service.Name, text, c.Weight, template, c.By, now));
    }

    private static (string Endpoint, Decision? Error) Member(VirtualService service, ServiceIntent si, string text)
    {
        if (Parse(service, text) is not { } endpoint)
        {
            return ("", Reject(AdminRejection.Invalid, $"real server \"{text}\" is malformed; accepted: ADDRESS:PORT such as 198.51.100.11:80"));
        }
        var canonical = endpoint.ToString();
        return Members(service, si).Contains(canonical)
            ? (canonical, null)
            : ("", Reject(AdminRejection.NotFound, $"real server {canonical} is not in virtual service {service.Name}; its real servers: {string.Join(", ", Members(service, si))}"));
    }

    private static Endpoint? Parse(VirtualService service, string text) => Endpoint.TryParse(text, service.Key.Port, out _);

    private static string RealServerOf(IAdminCommand command) => command switch
    {
        DrainRealServer c => c.RealServer,
        RestoreRealServer c => c.RealServer,
        OverrideWeight c => c.RealServer,
        StartRealServerMaintenance c => c.RealServer,
        RemoveRealServer c => c.RealServer,
        CompleteDrain c => c.RealServer,
        _ => "",
    };

    private static Decision Accept(IAdminEvent e) => new(e, null);

    private static Decision Reject(AdminRejection kind, string detail) => new(null, new AdminWriteRejected(kind, detail));
}
