using Kyoten.Controller.Api;
using Kyoten.Controller.Data.Fleet;

namespace Kyoten.Controller.Components.Pages;

/// <summary>The editable fields of a policy as the form holds them; becomes the API's <see cref="PolicyInput"/>.</summary>
internal sealed class PolicyForm
{
    private IpsecProtocolKind _protocol;
    private IpsecModeKind _mode;
    private int _jitter;

    public string Name { get; set; } = "";

    public int IkeVersion { get; set; } = 2;

    public string IkeProposals { get; set; } = "";

    public string ChildProposals { get; set; } = "";

    public string? PfsGroup { get; set; }

    public int IkeLifetimeSeconds { get; set; }

    public int ChildLifetimeSeconds { get; set; }

    public int RekeyMarginSeconds { get; set; }

    public int DpdIntervalSeconds { get; set; }

    public int ReplayWindow { get; set; }

    public static PolicyForm From(CryptoPolicy p) => new()
    {
        Name = p.Name,
        IkeVersion = p.IkeVersion,
        IkeProposals = string.Join('\n', p.IkeProposals),
        ChildProposals = string.Join('\n', p.ChildProposals),
        PfsGroup = p.PfsGroup,
        IkeLifetimeSeconds = p.IkeLifetimeSeconds,
        ChildLifetimeSeconds = p.ChildLifetimeSeconds,
        RekeyMarginSeconds = p.RekeyMarginSeconds,
        DpdIntervalSeconds = p.DpdIntervalSeconds,
        ReplayWindow = p.ReplayWindow,
        _protocol = p.Protocol,
        _mode = p.Mode,
        _jitter = p.JitterSeconds,
    };

    public PolicyInput ToInput() => new(
        Name.Trim(), IkeVersion, Lines(IkeProposals), Lines(ChildProposals), EnumText.Of(_protocol), EnumText.Of(_mode),
        string.IsNullOrWhiteSpace(PfsGroup) ? null : PfsGroup.Trim(), IkeLifetimeSeconds, ChildLifetimeSeconds, RekeyMarginSeconds, _jitter, DpdIntervalSeconds, ReplayWindow);

    private static List<string?> Lines(string text) =>
        [.. text.Split(['\n', '\r', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
