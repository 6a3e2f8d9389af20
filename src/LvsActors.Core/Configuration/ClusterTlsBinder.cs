using LvsActors.Model;

namespace LvsActors.Configuration;

/// <summary>
/// Binds <c>lvs.cluster.tls</c>: either the three PEM files (certificate, key, CA) or an explicit <c>insecure = on</c>.
/// Paths are resolved against the directory of the file that names them, as includes are, so a configuration and its
/// certificates can move together. Whether the files hold what they should is <see cref="ClusterTlsFiles"/>' job.
/// </summary>
internal static class ClusterTlsBinder
{
    private static readonly string[] Files = ["certificate", "key", "ca"];

    public static (ClusterTls? Tls, bool Insecure) Bind(Section? tls)
    {
        if (tls is null)
        {
            return (null, false);
        }
        var insecure = tls.Bool("insecure", false);
        var paths = Files.Select(key => (Key: key, Path: tls.String(key))).ToList();
        var given = paths.Where(p => p.Path is not null).ToList();
        if (insecure && given.Count > 0)
        {
            tls.Error("insecure", $"insecure = on turns TLS off, yet {string.Join(", ", given.Select(g => g.Key))} {(given.Count == 1 ? "is" : "are")} given; remove insecure = on, or the files");
        }
        else if (!insecure)
        {
            foreach (var (key, path) in paths)
            {
                if (path is null)
                {
                    tls.Error(key, "is missing: lvs.cluster.tls needs certificate, key and ca (PEM files, e.g. from lvsactors cluster-certs), or insecure = on");
                }
                else if (path.Length == 0)
                {
                    tls.Error(key, "the path is empty; e.g. \"/etc/lvsactors/tls/director-1.crt\"");
                }
            }
        }
        tls.Finish();
        if (insecure || paths.Any(p => string.IsNullOrEmpty(p.Path)))
        {
            // A contradiction is neither: the seeds are not checked against a choice the operator has not made.
            return (null, insecure && given.Count == 0);
        }
        return (new ClusterTls(Resolve(tls, "certificate", paths[0].Path!), Resolve(tls, "key", paths[1].Path!), Resolve(tls, "ca", paths[2].Path!)), false);
    }

    private static string Resolve(Section tls, string key, string path)
    {
        var directory = Path.GetDirectoryName(tls.PositionOf(key).File);
        return Path.GetFullPath(Path.IsPathRooted(path) || string.IsNullOrEmpty(directory) ? path : Path.Combine(directory, path));
    }
}
