namespace Kyoten.Controller.Data.Fleet;

/// <summary>An explicit tunnel between two sites, added to whatever the topology mode derives.</summary>
public sealed class SiteLink
{
    public Guid Id { get; set; }

    /// <summary>The site with the lower name (links are unordered; stored canonically).</summary>
    public Guid SiteAId { get; set; }

    public Guid SiteBId { get; set; }

    /// <summary>Overrides the sites' policies for this tunnel.</summary>
    public Guid? PolicyId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
