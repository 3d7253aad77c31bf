using Kyoten.Controller.Data.Fleet;

namespace Kyoten.Controller.Api;

/// <summary>A site as the API shows it: never its PSK.</summary>
internal sealed record SiteView(
    Guid Id,
    string Name,
    string Description,
    string? WanAddress,
    bool Dynamic,
    IReadOnlyList<string> LanSubnets,
    string Role,
    string Kind,
    Guid? PolicyId,
    string? IkeIdentity,
    bool HasPsk,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static SiteView From(Site s) => new(
        s.Id, s.Name, s.Description, s.WanAddress, string.IsNullOrEmpty(s.WanAddress), [.. s.LanSubnets],
        EnumText.Of(s.Role), EnumText.Of(s.Kind), s.PolicyId, s.IkeIdentity, s.ProtectedPsk is not null, s.CreatedAt, s.UpdatedAt);
}
