namespace Kyoten.Interop.Tests;

/// <summary>The one peer a <see cref="KyotenIkeHost"/> runs, passed as JSON on its command line.</summary>
internal sealed record IkeHostOptions
{
    public string PeerName { get; init; } = "peer";

    public required string LocalAddress { get; init; }

    public required string RemoteAddress { get; init; }

    public required string LocalId { get; init; }

    public required string RemoteId { get; init; }

    /// <summary>A test PSK, not a secret; passed in clear on purpose. Ignored when <see cref="CertificatePem"/> is set.</summary>
    public string? Psk { get; init; }

    /// <summary>Our end-entity certificate (PEM) for signature authentication, with <see cref="PrivateKeyPem"/> and <see cref="CaPem"/>.</summary>
    public string? CertificatePem { get; init; }

    /// <summary>A throwaway test key made by the test's own CA.</summary>
    public string? PrivateKeyPem { get; init; }

    /// <summary>The CA that must have issued the peer's certificate.</summary>
    public string? CaPem { get; init; }

    public required IReadOnlyList<string> IkeProposals { get; init; }

    public required IReadOnlyList<string> ChildProposals { get; init; }

    public required string LocalTs { get; init; }

    public required string RemoteTs { get; init; }

    public bool Initiator { get; init; }
}
