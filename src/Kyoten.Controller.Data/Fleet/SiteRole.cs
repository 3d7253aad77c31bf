namespace Kyoten.Controller.Data.Fleet;

/// <summary>A site's place in the topology.</summary>
public enum SiteRole
{
    Mesh,
    Hub,
    Spoke,
}
