using System.Globalization;
using Kyoten.Controller.Dashboard;
using Kyoten.Controller.Data.Fleet;
using Microsoft.AspNetCore.Components;

namespace Kyoten.Controller.Components.Shared;

public sealed partial class TopologyGraph
{
    private const double Size = 520;
    private Dictionary<string, (double X, double Y)> _positions = [];

    [Parameter]
    [EditorRequired]
    public TopologyPicture Picture { get; set; } = default!;

    private double NodeRadius => Picture.Nodes.Count > 40 ? 6 : 12;

    protected override void OnParametersSet()
    {
        var n = Math.Max(1, Picture.Nodes.Count);
        var radius = (Size / 2) - 40;
        _positions = Picture.Nodes.Select((node, i) => (node.Name, Angle: (2 * Math.PI * i / n) - (Math.PI / 2)))
            .ToDictionary(x => x.Name, x => ((Size / 2) + (radius * Math.Cos(x.Angle)), (Size / 2) + (radius * Math.Sin(x.Angle))), StringComparer.Ordinal);
    }

    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string StateClass(AgentConnectionState? state) => state switch
    {
        AgentConnectionState.Connected => "up",
        AgentConnectionState.Disconnected => "down",
        _ => "unknown",
    };
}
