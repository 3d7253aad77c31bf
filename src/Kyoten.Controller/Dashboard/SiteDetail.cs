using Kyoten.Controller.Data.Fleet;

namespace Kyoten.Controller.Dashboard;

/// <summary>Everything the site page shows.</summary>
public sealed record SiteDetail(Site Site, Agent? Agent, string PolicyName, IReadOnlyList<EnrollmentToken> Tokens, IReadOnlyList<TunnelRow> Tunnels);
