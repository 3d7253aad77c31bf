namespace Kyoten.Controller.Dashboard;

/// <summary>How a change touches a tunnel.</summary>
public enum TunnelChangeKind
{
    Added,
    Removed,
    Changed,
}
