namespace Kyoten.Controller.Api;

/// <summary>Create or replace a crypto policy; omitted numbers take the secure defaults.</summary>
internal sealed record PolicyInput(
    string? Name,
    int? IkeVersion,
    List<string?>? IkeProposals,
    List<string?>? ChildProposals,
    string? Protocol,
    string? Mode,
    string? PfsGroup,
    int? IkeLifetimeSeconds,
    int? ChildLifetimeSeconds,
    int? RekeyMarginSeconds,
    int? JitterSeconds,
    int? DpdIntervalSeconds,
    int? ReplayWindow);
