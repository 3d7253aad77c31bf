namespace Kyoten.Controller.Api;

/// <summary>Create or replace a site. Enums as strings so a bad value is a field error, not a binding failure.</summary>
internal sealed record SiteInput(
    string? Name,
    string? Description,
    string? WanAddress,
    List<string?>? LanSubnets,
    string? Role,
    string? Kind,
    Guid? PolicyId,
    string? IkeIdentity,
    string? Psk);
