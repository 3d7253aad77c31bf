using System.Globalization;

namespace Kyoten.Testing.StrongSwan;

/// <summary>A CHILD SA as strongSwan lists it (vici <c>list-sas</c>, child-sas section).</summary>
public sealed record ChildSaInfo(
    string Name,
    uint UniqueId,
    string State,
    string Mode,
    string Protocol,
    bool Encapsulated,
    uint SpiIn,
    uint SpiOut,
    string EncryptionAlgorithm,
    int EncryptionKeySize,
    string? IntegrityAlgorithm,
    ulong BytesIn,
    ulong BytesOut,
    ulong PacketsIn,
    ulong PacketsOut,
    IReadOnlyList<string> LocalTs,
    IReadOnlyList<string> RemoteTs)
{
    public bool IsInstalled => State == "INSTALLED";

    internal static ChildSaInfo From(ViciSection s) => new(
        s["name"] ?? s.Name,
        ParseUInt(s["uniqueid"]),
        s["state"] ?? "",
        s["mode"] ?? "",
        s["protocol"] ?? "",
        s["encap"] == "yes",
        ParseHex32(s["spi-in"]),
        ParseHex32(s["spi-out"]),
        s["encr-alg"] ?? "",
        (int)ParseUInt(s["encr-keysize"]),
        s["integ-alg"],
        ParseULong(s["bytes-in"]),
        ParseULong(s["bytes-out"]),
        ParseULong(s["packets-in"]),
        ParseULong(s["packets-out"]),
        s.List("local-ts"),
        s.List("remote-ts"));

    internal static uint ParseHex32(string? hex) =>
        uint.TryParse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var v) ? v : 0;

    internal static uint ParseUInt(string? text) =>
        uint.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0;

    internal static ulong ParseULong(string? text) =>
        ulong.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0;
}
