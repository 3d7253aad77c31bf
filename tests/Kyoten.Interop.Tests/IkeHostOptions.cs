namespace Kyoten.Interop.Tests;

/// <summary>The one peer a <see cref="KyotenIkeHost"/> runs, passed as JSON on its command line.</summary>
internal sealed record IkeHostOptions
{
    public string PeerName { get; init; } = "peer";

    public required string LocalAddress { get; init; }

    public required string RemoteAddress { get; init; }

    public required string LocalId { get; init; }

    public required string RemoteId { get; init; }

    /// <summary>A test PSK, not a secret; passed in clear on purpose.</summary>
    public required string Psk { get; init; }

    public required IReadOnlyList<string> IkeProposals { get; init; }

    public required IReadOnlyList<string> ChildProposals { get; init; }

    public required string LocalTs { get; init; }

    public required string RemoteTs { get; init; }

    public bool Initiator { get; init; }
}
