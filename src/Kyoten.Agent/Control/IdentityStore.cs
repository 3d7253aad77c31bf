using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Kyoten.Agent.Config;

namespace Kyoten.Agent.Control;

/// <summary>
/// Reads and writes state/identity/. A new identity is written complete into a sibling folder and
/// renamed into place, so a crash or error at any point leaves the old identity (or none) intact.
/// </summary>
internal sealed class IdentityStore(StatePaths paths)
{
    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public void Save(IdentityInfo info, ECDsa key, X509Certificate2 certificate, IReadOnlyList<X509Certificate2> caChain)
    {
        paths.EnsureRoot();
        var staging = Path.Combine(paths.Root, $".identity-new-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging, DirectoryMode);
        try
        {
            AtomicFile.WriteNew(Path.Combine(staging, Path.GetFileName(paths.PrivateKey)), Encoding.ASCII.GetBytes(key.ExportPkcs8PrivateKeyPem()), AtomicFile.OwnerOnly);
            AtomicFile.WriteNew(Path.Combine(staging, Path.GetFileName(paths.Certificate)), Encoding.ASCII.GetBytes(certificate.ExportCertificatePem()), AtomicFile.PublicRead);
            AtomicFile.WriteNew(Path.Combine(staging, Path.GetFileName(paths.CaChain)), Encoding.ASCII.GetBytes(string.Concat(caChain.Select(c => c.ExportCertificatePem() + "\n"))), AtomicFile.PublicRead);
            // agent.json last: its presence is what "enrolled" means.
            AtomicFile.WriteNew(Path.Combine(staging, Path.GetFileName(paths.IdentityInfo)), JsonSerializer.SerializeToUtf8Bytes(info, JsonOptions), AtomicFile.PublicRead);
            Swap(staging);
        }
        catch
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }

            throw;
        }
    }

    public AgentIdentity Load()
    {
        var info = JsonSerializer.Deserialize<IdentityInfo>(File.ReadAllBytes(paths.IdentityInfo), JsonOptions)
            ?? throw new InvalidDataException($"{paths.IdentityInfo} is empty");
        using var plain = X509Certificate2.CreateFromPemFile(paths.Certificate, paths.PrivateKey);
        // Re-load so the key is usable by SslStream regardless of how PEM import attached it.
        var certificate = X509CertificateLoader.LoadPkcs12(plain.Export(X509ContentType.Pkcs12), null);
        var cas = new X509Certificate2Collection();
        cas.ImportFromPemFile(paths.CaChain);
        return new AgentIdentity(info, certificate, [.. cas]);
    }

    /// <summary>A renewed certificate for the same key replaces agent.crt in one rename.</summary>
    public void ReplaceCertificate(X509Certificate2 certificate) =>
        AtomicFile.Write(paths.Certificate, Encoding.ASCII.GetBytes(certificate.ExportCertificatePem()), AtomicFile.PublicRead);

    private void Swap(string staging)
    {
        if (!Directory.Exists(paths.IdentityDirectory))
        {
            Directory.Move(staging, paths.IdentityDirectory);
            return;
        }

        var old = Path.Combine(paths.Root, $".identity-old-{Guid.NewGuid():N}");
        Directory.Move(paths.IdentityDirectory, old);
        try
        {
            Directory.Move(staging, paths.IdentityDirectory);
        }
        catch
        {
            Directory.Move(old, paths.IdentityDirectory);
            throw;
        }

        Directory.Delete(old, recursive: true);
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };
}
