namespace Kyoten.Testing.StrongSwan;

/// <summary>
/// One side's authentication in a swanctl connection (<c>local { }</c> or <c>remote { }</c>).
/// <paramref name="Method"/> is swanctl's <c>auth</c> value: <c>psk</c> or <c>pubkey</c>.
/// <paramref name="Certificate"/> is a file name under <c>swanctl/x509</c> (local side only).
/// </summary>
public sealed record SwanAuth(string Method, string Id, string? Certificate = null)
{
    public static SwanAuth Psk(string id) => new("psk", id);

    public static SwanAuth Pubkey(string id, string? certificate = null) => new("pubkey", id, certificate);
}
