using Kyoten.Controller.Data.Telemetry;

namespace Kyoten.Controller.Dashboard;

/// <summary>One end's view of a tunnel: its latest IKE SA report and the CHILD SAs in that report.</summary>
public sealed record TunnelEnd(Guid SiteId, string Site, string ReportName, TunnelSample? Ike, IReadOnlyList<ChildSaSample> ChildSas);
