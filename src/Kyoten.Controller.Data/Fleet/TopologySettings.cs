namespace Kyoten.Controller.Data.Fleet;

/// <summary>The single row (Id = 1) holding the fleet's topology mode.</summary>
public sealed class TopologySettings
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    public TopologyMode Mode { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
