using Kyoten.Controller.Api;
using Kyoten.Controller.Dashboard;
using Kyoten.Controller.Data.Audit;
using Kyoten.Controller.Data.Fleet;

namespace Kyoten.Dashboard.Tests.Components;

/// <summary>The query layer below the components, with canned answers the test can change.</summary>
internal sealed class FakeFleetQueries : IFleetQueries
{
    public FleetCounts Counts { get; set; } = new(0, 0, 0, 0, 0, 0);

    public TopologyPicture Picture { get; set; } = new([], [], 0);

    public List<EventRow> Events { get; } = [];

    public List<SiteRow> Sites { get; } = [];

    public int CountsCalls { get; private set; }

    public Task<FleetCounts> CountsAsync(CancellationToken cancellationToken)
    {
        CountsCalls++;
        return Task.FromResult(Counts);
    }

    public Task<IReadOnlyList<TunnelRow>> RekeyDueAsync(int count, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<TunnelRow>>([]);

    public Task<TopologyPicture> TopologyAsync(int maxSites, CancellationToken cancellationToken) => Task.FromResult(Picture);

    public Task<ResultPage<SiteRow>> SitesAsync(string? search, int skip, int take, CancellationToken cancellationToken)
    {
        var matching = Sites.Where(s => search is null || s.Name.Contains(search, StringComparison.OrdinalIgnoreCase)).ToList();
        return Task.FromResult(new ResultPage<SiteRow>([.. matching.Skip(skip).Take(take)], matching.Count));
    }

    public Task<SiteDetail?> SiteAsync(Guid id, CancellationToken cancellationToken) => Task.FromResult<SiteDetail?>(null);

    public Task<TunnelDetail?> TunnelAsync(string a, string b, CancellationToken cancellationToken) => Task.FromResult<TunnelDetail?>(null);

    public Task<IReadOnlyList<TrafficPoint>> TrafficAsync(string a, string b, TrafficRange range, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<TrafficPoint>>([]);

    public Task<ResultPage<EventRow>> EventsAsync(EventFilter filter, int skip, int take, CancellationToken cancellationToken) =>
        Task.FromResult(new ResultPage<EventRow>([.. Events.Skip(skip).Take(take)], Events.Count));

    public Task<ResultPage<AuditEntry>> AuditAsync(AuditFilter filter, int skip, int take, CancellationToken cancellationToken) => Task.FromResult(new ResultPage<AuditEntry>([], 0));

    public Task<IReadOnlyList<CryptoPolicy>> PoliciesAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<CryptoPolicy>>([]);

    public Task<TopologyMode> TopologyModeAsync(CancellationToken cancellationToken) => Task.FromResult(TopologyMode.FullMesh);

    public Task<PolicyPreview> PreviewPolicyAsync(Guid id, PolicyInput input, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<PolicyPreview> PreviewTopologyAsync(TopologyMode mode, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<LinkRow>> LinksAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<LinkRow>>([]);

    public Task<PolicyPreview> PreviewAddLinkAsync(string siteA, string siteB, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<PolicyPreview> PreviewRemoveLinkAsync(Guid linkId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<PolicyPreview> PreviewNewPolicyAsync(PolicyInput input, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<PolicyPreview> PreviewDeletePolicyAsync(Guid id, CancellationToken cancellationToken) => throw new NotSupportedException();
}
