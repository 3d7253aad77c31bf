namespace Kyoten.Controller.Tests.Infrastructure;

// What the tests read back from the API (only the fields they check).
public sealed record SiteDto(Guid Id, string Name, string Description, string? WanAddress, bool Dynamic, List<string> LanSubnets, string Role, string Kind, bool HasPsk);

public sealed record SiteCreatedDto(SiteDto Site, string? Psk);

public sealed record PolicyDto(Guid Id, string Name, bool IsDefault, bool IsWeak, List<string> IkeProposals, List<string> ChildProposals);

public sealed record TokenDto(Guid Id, Guid SiteId, int MaxUses, int Uses);

public sealed record TokenCreatedDto(TokenDto Token, string Secret, string CaCertificateSha256);

public sealed record AgentDto(Guid Id, Guid SiteId, string Site, long DesiredRevision, long AppliedRevision, string ConnectionState, string? LastError, DateTimeOffset? RevokedAt);

public sealed record ProblemDto(int Status, Dictionary<string, string[]> Errors);

public sealed record ApiTokenCreatedDto(ApiTokenViewDto Token, string Secret);

public sealed record ApiTokenViewDto(Guid Id, string Name, string Role);

public sealed record AuditDto(long Id, string Actor, string Action, string EntityType, string? EntityId, string? Before, string? After);

public sealed record EventDto(long Id, Guid? SiteId, Guid? AgentId, string? Tunnel, string Kind, string Detail);
