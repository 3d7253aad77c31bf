using Kyoten.Controller.Compilation;
using Kyoten.Controller.Data.Fleet;

namespace Kyoten.Controller.Tests.Compilation;

internal static class CompilerFixtures
{
    public const string Pem = "-----BEGIN CERTIFICATE-----\nMA==\n-----END CERTIFICATE-----\n";

    public static Site Site(string name, string? wan, string lan, SiteRole role = SiteRole.Mesh, SiteKind kind = SiteKind.Managed, Guid? policy = null) => new()
    {
        Id = Guid.NewGuid(),
        Name = name,
        WanAddress = wan,
        LanSubnets = [lan],
        Role = role,
        Kind = kind,
        PolicyId = policy,
    };

    public static CompilerInput Input(TopologyMode mode, IReadOnlyList<Site> sites, IReadOnlyList<CryptoPolicy>? policies = null, IReadOnlyList<SiteLink>? links = null, IReadOnlyDictionary<Guid, string>? psks = null) =>
        new(sites, policies ?? [DefaultPolicy.Create()], mode, links ?? [], Pem, psks ?? new Dictionary<Guid, string>());
}
