namespace Kyoten.Controller.Dashboard;

/// <summary>An explicit link as the links editor lists it, by site name.</summary>
public sealed record LinkRow(Guid Id, Guid SiteAId, string SiteA, Guid SiteBId, string SiteB);
