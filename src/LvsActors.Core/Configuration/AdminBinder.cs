namespace LvsActors.Configuration;

/// <summary>
/// Validates <c>lvs.admin</c> (the admin journal, operator-intent tuning, the admin API). The values are read at run
/// time by the director's AdminSettings against its reference.conf; here every key is checked so that a mistake is
/// reported by <c>validate</c> with its line, not found by a director that refuses to start.
/// </summary>
internal static class AdminBinder
{
    private static readonly IReadOnlyDictionary<string, string> Providers =
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["sqlite"] = "sqlite", ["postgresql"] = "postgresql" };

    public static void Bind(Section? admin)
    {
        if (admin is null)
        {
            return;
        }
        if (admin.Object("journal") is { } journal)
        {
            var provider = journal.Choice("provider", "sqlite", Providers);
            var path = journal.String("path");
            if (path is { Length: 0 })
            {
                journal.Error("path", "the SQLite file needs a path, e.g. path = \"/var/lib/lvsactors/admin.db\"");
            }
            var connection = journal.String("connection-string");
            if (provider == "postgresql" && string.IsNullOrWhiteSpace(connection))
            {
                journal.Error("provider", "postgresql needs connection-string, e.g. \"Host=10.0.0.5;Database=lvs;Username=lvs;Password=…\"");
            }
            journal.Duration("retry-interval", TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10));
            journal.Finish();
        }
        if (admin.Object("replication") is { } replication)
        {
            replication.Bool("enabled", true);
            if (replication.String("dir") is { } dir && dir.Length > 0 && !Path.IsPathFullyQualified(dir))
            {
                replication.Error("dir", $"\"{dir}\" is relative: the intent store must not move with the working directory; give an absolute path, e.g. dir = \"/var/lib/lvsactors/intent\"");
            }
            replication.Duration("write-timeout", TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1));
            replication.Finish();
        }
        admin.Integer("snapshot-every", 1000, 1, 10_000_000);
        admin.Duration("drain-timeout", TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(1), TimeSpan.FromDays(7));
        admin.Duration("drain-poll-interval", TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1));
        admin.Integer("recent-events", 200, 0, 100_000);
        admin.Duration("startup-wait", TimeSpan.FromSeconds(5), TimeSpan.Zero, TimeSpan.FromMinutes(10));
        if (admin.String("persistence-id") is { Length: 0 })
        {
            admin.Error("persistence-id", "the persistence id must not be empty");
        }
        if (admin.Object("api") is { } api)
        {
            api.Bool("enabled", true);
            var bind = api.String("bind");
            string? error = null;
            var endpoint = bind is null ? null : Model.Endpoint.TryParse(bind, null, out error);
            if (bind is not null && endpoint is null)
            {
                api.Error("bind", $"\"{bind}\" is malformed: {error}; e.g. bind = \"127.0.0.1:9180\"");
            }
            var tls = api.Object("tls");
            var (certificate, key) = (tls?.String("certificate"), tls?.String("key"));
            if (tls is not null && string.IsNullOrEmpty(certificate) != string.IsNullOrEmpty(key))
            {
                tls.Error(string.IsNullOrEmpty(certificate) ? "certificate" : "key", "HTTPS needs both certificate and key (PEM files)");
            }
            foreach (var (name, path) in new[] { ("certificate", certificate), ("key", key) })
            {
                if (!string.IsNullOrEmpty(path) && !Path.IsPathRooted(path))
                {
                    tls!.Error(name, $"\"{path}\" is relative; give an absolute path, e.g. \"/etc/lvsactors/tls/director-1.crt\"");
                }
            }
            tls?.Finish();
            var plaintext = api.Bool("allow-plaintext", false);
            if (endpoint is { } listen && !System.Net.IPAddress.IsLoopback(listen.Address) && string.IsNullOrEmpty(certificate) && !plaintext)
            {
                api.Error("bind", $"\"{bind}\" is not a loopback address and the API has no TLS, so tokens would cross the network in clear text; "
                    + "set lvs.admin.api.tls { certificate, key }, or allow-plaintext = on to serve plain HTTP anyway");
            }
            api.String("token");
            api.String("token-file");
            api.Duration("ask-timeout", TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5));
            foreach (var host in api.ScalarList("allowed-hosts").Where(h => Uri.CheckHostName(h.Text) is not (UriHostNameType.Dns or UriHostNameType.IPv4 or UriHostNameType.IPv6)))
            {
                api.ErrorAt(host, api.KeyPath("allowed-hosts"), $"\"{host.Text}\" is not a host name; e.g. allowed-hosts = [ \"lvs1.example.org\" ] (no port, no scheme)");
            }
            api.Finish();
        }
        admin.Finish();
    }
}
