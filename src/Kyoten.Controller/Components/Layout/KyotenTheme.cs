using MudBlazor;

namespace Kyoten.Controller.Components.Layout;

/// <summary>Colours and system fonts (no web fonts: the controller may run with no Internet).</summary>
internal static class KyotenTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight { Primary = "#12263f", Secondary = "#0b6bcb", AppbarBackground = "#12263f" },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Noto Sans CJK JP", "Noto Sans JP", "sans-serif"] },
        },
    };
}
