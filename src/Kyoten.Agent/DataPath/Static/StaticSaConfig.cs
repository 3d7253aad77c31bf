using System.Globalization;

namespace Kyoten.Agent.DataPath.Static;

/// <summary>One SA direction: SPI (decimal or 0x-hex) and hex keys.</summary>
internal sealed record StaticSaConfig
{
    public required string Spi { get; init; }

    public string EncryptionKey { get; init; } = "";

    public string IntegrityKey { get; init; } = "";

    public uint SpiValue => Spi.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
        ? uint.Parse(Spi.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture)
        : uint.Parse(Spi, CultureInfo.InvariantCulture);
}
