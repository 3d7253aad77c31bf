namespace Kyoten.Testing.StrongSwan;

/// <summary>
/// A swanctl connection (<c>connections.NAME { }</c>, see swanctl.conf(5)). <see cref="Psk"/>, when
/// set, becomes an <c>ike</c> secret bound to both identities.
/// </summary>
public sealed record SwanConnection(string Name, string LocalAddress, string RemoteAddress, SwanAuth Local, SwanAuth Remote, IReadOnlyList<SwanChild> Children)
{
    public int Version { get; init; } = 2;

    public string Proposals { get; init; } = "aes256gcm16-prfsha256-x25519";

    public string? Psk { get; init; }

    public TimeSpan? RekeyTime { get; init; }

    public TimeSpan? DpdDelay { get; init; }

    /// <summary>MOBIKE off by default: the tests look at one fixed address pair.</summary>
    public bool Mobike { get; init; }
}
