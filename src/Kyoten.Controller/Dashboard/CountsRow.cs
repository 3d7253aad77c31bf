namespace Kyoten.Controller.Dashboard;

/// <summary>The tunnel counts SQL result.</summary>
internal sealed class CountsRow
{
    public int Up { get; set; }

    public int Down { get; set; }

    public int RekeyDue { get; set; }
}
