using Kyoten.Controller.Api;
using Kyoten.Controller.Data.Audit;
using Kyoten.Controller.Data.Fleet;

namespace Kyoten.Controller.Dashboard;

/// <summary>Everything the dashboard reads. Lists page and filter in SQL; components get a fake of this in bUnit tests.</summary>
internal interface IFleetQueries
{
    Task<FleetCounts> CountsAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<TunnelRow>> RekeyDueAsync(int count, CancellationToken cancellationToken);

    Task<TopologyPicture> TopologyAsync(int maxSites, CancellationToken cancellationToken);

    Task<ResultPage<SiteRow>> SitesAsync(string? search, int skip, int take, CancellationToken cancellationToken);

    Task<SiteDetail?> SiteAsync(Guid id, CancellationToken cancellationToken);

    Task<TunnelDetail?> TunnelAsync(string a, string b, CancellationToken cancellationToken);

    Task<IReadOnlyList<TrafficPoint>> TrafficAsync(string a, string b, TrafficRange range, CancellationToken cancellationToken);

    Task<ResultPage<EventRow>> EventsAsync(EventFilter filter, int skip, int take, CancellationToken cancellationToken);

    Task<ResultPage<AuditEntry>> AuditAsync(AuditFilter filter, int skip, int take, CancellationToken cancellationToken);

    Task<IReadOnlyList<CryptoPolicy>> PoliciesAsync(CancellationToken cancellationToken);

    Task<TopologyMode> TopologyModeAsync(CancellationToken cancellationToken);

    Task<PolicyPreview> PreviewPolicyAsync(Guid id, PolicyInput input, CancellationToken cancellationToken);

    Task<PolicyPreview> PreviewTopologyAsync(TopologyMode mode, CancellationToken cancellationToken);

    Task<IReadOnlyList<LinkRow>> LinksAsync(CancellationToken cancellationToken);

    Task<PolicyPreview> PreviewAddLinkAsync(string siteA, string siteB, CancellationToken cancellationToken);

    Task<PolicyPreview> PreviewRemoveLinkAsync(Guid linkId, CancellationToken cancellationToken);

    Task<PolicyPreview> PreviewNewPolicyAsync(PolicyInput input, CancellationToken cancellationToken);

    Task<PolicyPreview> PreviewDeletePolicyAsync(Guid id, CancellationToken cancellationToken);
}
