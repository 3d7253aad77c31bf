using Kyoten.Controller.Data.Fleet;

namespace Kyoten.Controller.Api;

internal sealed record PolicyView(
    Guid Id,
    string Name,
    bool IsDefault,
    bool IsWeak,
    int IkeVersion,
    IReadOnlyList<string> IkeProposals,
    IReadOnlyList<string> ChildProposals,
    string Protocol,
    string Mode,
    string? PfsGroup,
    int IkeLifetimeSeconds,
    int ChildLifetimeSeconds,
    int RekeyMarginSeconds,
    int JitterSeconds,
    int DpdIntervalSeconds,
    int ReplayWindow)
{
    public static PolicyView From(CryptoPolicy p) => new(
        p.Id, p.Name, p.IsDefault, p.IsWeak, p.IkeVersion, [.. p.IkeProposals], [.. p.ChildProposals], EnumText.Of(p.Protocol), EnumText.Of(p.Mode),
        p.PfsGroup, p.IkeLifetimeSeconds, p.ChildLifetimeSeconds, p.RekeyMarginSeconds, p.JitterSeconds, p.DpdIntervalSeconds, p.ReplayWindow);
}
