namespace Kyoten.Controller.Data.Fleet;

public enum TopologyMode
{
    /// <summary>Every pair of sites (except two dynamic ones) gets a tunnel.</summary>
    FullMesh,

    /// <summary>Spokes reach each other through the hubs; hubs and mesh members mesh.</summary>
    HubAndSpoke,

    /// <summary>Only the explicit links.</summary>
    Explicit,
}
