using Kyoten.Controller.Data.Fleet;

namespace Kyoten.Controller.Compilation;

/// <summary>Everything the compiler reads: plain objects, no database.</summary>
internal sealed record CompilerInput(
    IReadOnlyList<Site> Sites,
    IReadOnlyList<CryptoPolicy> Policies,
    TopologyMode Mode,
    IReadOnlyList<SiteLink> Links,
    string TrustAnchorsPem,
    IReadOnlyDictionary<Guid, string> ExternalPsks);
