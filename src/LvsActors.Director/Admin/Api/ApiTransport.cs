using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace LvsActors.Director.Admin.Api;

/// <summary>
/// HTTP or HTTPS for the admin API: its bearer token and its writes must not cross a network in clear text, so plain
/// HTTP is served only on a loopback address unless <c>allow-plaintext = on</c> says otherwise.
/// </summary>
internal static class ApiTransport
{
    /// <summary>The certificate to serve, or null for plain HTTP; throws <see cref="AdminApiConfigException"/> with the reason.</summary>
    public static X509Certificate2? Certificate(AdminApiSettings api, IPAddress bind)
    {
        if (api.TlsCertificate.Length == 0 && api.TlsKey.Length == 0)
        {
            if (!IPAddress.IsLoopback(bind) && !api.AllowPlaintext)
            {
                throw new AdminApiConfigException($"lvs.admin.api.bind: \"{api.Bind}\" is not a loopback address and the API has no TLS, so tokens would cross "
                    + "the network in clear text; set lvs.admin.api.tls { certificate, key }, or allow-plaintext = on to serve plain HTTP anyway");
            }
            return null;
        }
        if (api.TlsCertificate.Length == 0 || api.TlsKey.Length == 0)
        {
            throw new AdminApiConfigException("lvs.admin.api.tls: needs both certificate and key (PEM files)");
        }
        try
        {
            return X509Certificate2.CreateFromPemFile(api.TlsCertificate, api.TlsKey);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new AdminApiConfigException($"lvs.admin.api.tls: cannot use {api.TlsCertificate} with {api.TlsKey}: {e.Message}");
        }
    }
}
