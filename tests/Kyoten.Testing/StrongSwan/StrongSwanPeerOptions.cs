namespace Kyoten.Testing.StrongSwan;

/// <summary>What one <see cref="StrongSwanPeer"/> loads: connections, CA certificates and own credentials.</summary>
public sealed record StrongSwanPeerOptions(IReadOnlyList<SwanConnection> Connections)
{
    /// <summary>Label used in file names and in the collected log.</summary>
    public string Name { get; init; } = "swan";

    /// <summary>PEM CA certificates for <c>swanctl/x509ca</c>.</summary>
    public IReadOnlyList<string> CaCertificates { get; init; } = [];

    public IReadOnlyList<SwanCredential> Credentials { get; init; } = [];
}
