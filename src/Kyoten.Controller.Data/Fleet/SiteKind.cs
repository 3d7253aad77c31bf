namespace Kyoten.Controller.Data.Fleet;

/// <summary>Managed sites run a Kyoten agent; external ones are third-party gateways set up by hand.</summary>
public enum SiteKind
{
    Managed,
    External,
}
