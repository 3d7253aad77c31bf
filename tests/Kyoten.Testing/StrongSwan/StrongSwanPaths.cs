namespace Kyoten.Testing.StrongSwan;

/// <summary>Where Debian 12's strongSwan 5.9.8 packages put their programs.</summary>
public static class StrongSwanPaths
{
    /// <summary>From strongswan-charon; Debian keeps it in /usr/lib/ipsec, not /usr/libexec/ipsec.</summary>
    public const string Charon = "/usr/lib/ipsec/charon";

    /// <summary>From strongswan-swanctl.</summary>
    public const string Swanctl = "/usr/sbin/swanctl";

    /// <summary>swanctl reads credentials from these folders under SWANCTL_DIR and complains when one is missing.</summary>
    public static readonly string[] SwanctlFolders =
        ["conf.d", "x509", "x509ca", "x509aa", "x509ac", "x509crl", "x509ocsp", "private", "pubkey", "rsa", "ecdsa", "bliss", "pkcs8", "pkcs12"];
}
