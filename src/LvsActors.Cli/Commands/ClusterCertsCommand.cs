using System.CommandLine;
using System.Net;
using System.Security.Cryptography;
using LvsActors.Tls;

namespace LvsActors.Cli.Commands;

/// <summary>
/// <c>lvsactors cluster-certs --out DIR NODE…</c>: a private CA (ca.crt, ca.key) and one certificate per director
/// (NODE.crt, NODE.key) for <c>lvs.cluster.tls</c>; keys are written mode 0600 and no file is ever overwritten. When
/// DIR already holds ca.crt and ca.key, that CA signs the new directors, so a director can be added later.
/// </summary>
internal static class ClusterCertsCommand
{
    private const UnixFileMode KeyMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode CertificateMode = KeyMode | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "The folder to write into (created if missing)", Required = true };
        var days = new Option<int?>("--days") { Description = $"How many days each director certificate is valid (default {ClusterAuthority.DirectorValidity.TotalDays:0})" };
        var nodes = new Argument<string[]>("node")
        {
            Description = "Each director's host name or IP address (its certificate's name)",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("cluster-certs", "Create a cluster CA and one certificate per director for lvs.cluster.tls (mutual TLS between directors)")
        {
            output, days, nodes,
        };
        command.SetAction(parse => Run(parse.GetValue(output)!, parse.GetValue(nodes)!, parse.GetValue(days)));
        return command;
    }

    private static int Run(string folder, string[] nodes, int? days)
    {
        if (nodes.FirstOrDefault(n => !IsNodeName(n)) is { } bad)
        {
            return Refuse($"\"{bad}\" is not a director name: give a host name (letters, digits, '-', '.') or an IP address");
        }
        if (nodes.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            return Refuse($"\"{twice.Key}\" is given twice");
        }
        if (days is < 1 or > 3650)
        {
            return Refuse($"--days {days} is out of range; accepted: 1 to 3650");
        }
        Directory.CreateDirectory(folder);
        var (caCert, caKey) = (Path.Combine(folder, "ca.crt"), Path.Combine(folder, "ca.key"));
        var existing = nodes.SelectMany(n => new[] { $"{n}.crt", $"{n}.key" }).Select(f => Path.Combine(folder, f)).FirstOrDefault(File.Exists);
        if (existing is not null)
        {
            return Refuse($"{existing} exists; it is not overwritten (remove it to issue that director anew)");
        }
        if (File.Exists(caCert) != File.Exists(caKey))
        {
            return Refuse($"{folder} holds only one of ca.crt and ca.key; give both to add directors to that CA, or neither for a new CA");
        }
        var now = DateTimeOffset.UtcNow;
        ClusterAuthority authority;
        try
        {
            authority = File.Exists(caCert)
                ? ClusterAuthority.Load(File.ReadAllText(caCert), File.ReadAllText(caKey))
                : Written(ClusterAuthority.Create($"LvsActors cluster CA {now:yyyy-MM-dd}", now), caCert, caKey);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            return Refuse($"cannot use the CA in {folder}: {e.Message}");
        }
        using (authority)
        {
            foreach (var node in nodes)
            {
                using var certificate = days is { } d ? authority.Issue(node, now.AddMinutes(-5), Earlier(now.AddDays(d), authority.Certificate.NotAfter)) : authority.Issue(node, now);
                Write(Path.Combine(folder, $"{node}.crt"), ClusterAuthority.CertificatePem(certificate), CertificateMode);
                Write(Path.Combine(folder, $"{node}.key"), ClusterAuthority.KeyPem(certificate), KeyMode);
                Console.Out.WriteLine($"{node}: {Path.Combine(folder, node)}.crt, {node}.key (valid until {certificate.NotAfter.ToUniversalTime():u})");
            }
        }
        Console.Out.WriteLine($"CA: {caCert} (give it to every director as lvs.cluster.tls.ca); keep {caKey} off the directors");
        return ExitCodes.Ok;
    }

    private static ClusterAuthority Written(ClusterAuthority authority, string certificate, string key)
    {
        Write(certificate, ClusterAuthority.CertificatePem(authority.Certificate), CertificateMode);
        Write(key, ClusterAuthority.KeyPem(authority.Certificate), KeyMode);
        return authority;
    }

    // CreateNew with the mode given at creation: a key is never readable by others, not even for a moment.
    private static void Write(string path, string text, UnixFileMode mode)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }
        using var writer = new StreamWriter(path, System.Text.Encoding.ASCII, options);
        writer.Write(text);
    }

    private static bool IsNodeName(string name) =>
        IPAddress.TryParse(name, out _) || (name.Length is > 0 and <= 253 && Uri.CheckHostName(name) == UriHostNameType.Dns && !name.StartsWith('.'));

    private static DateTimeOffset Earlier(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static int Refuse(string message)
    {
        Console.Error.WriteLine($"cluster-certs: {message}");
        return ExitCodes.Invalid;
    }
}
