using System.Globalization;

namespace Kyoten.Testing.StrongSwan;

/// <summary>An IKE SA as strongSwan lists it (vici <c>list-sas</c>).</summary>
public sealed record IkeSaInfo(
    string Name,
    uint UniqueId,
    int Version,
    string State,
    string LocalHost,
    int LocalPort,
    string LocalId,
    string RemoteHost,
    int RemotePort,
    string RemoteId,
    bool IsInitiator,
    ulong InitiatorSpi,
    ulong ResponderSpi,
    string EncryptionAlgorithm,
    int EncryptionKeySize,
    string? IntegrityAlgorithm,
    string PrfAlgorithm,
    string DhGroup,
    IReadOnlyList<ChildSaInfo> Children)
{
    public bool IsEstablished => State == "ESTABLISHED";

    public IEnumerable<ChildSaInfo> InstalledChildren => Children.Where(c => c.IsInstalled);

    internal static IkeSaInfo From(ViciSection s) => new(
        s.Name,
        ChildSaInfo.ParseUInt(s["uniqueid"]),
        (int)ChildSaInfo.ParseUInt(s["version"]),
        s["state"] ?? "",
        s["local-host"] ?? "",
        (int)ChildSaInfo.ParseUInt(s["local-port"]),
        s["local-id"] ?? "",
        s["remote-host"] ?? "",
        (int)ChildSaInfo.ParseUInt(s["remote-port"]),
        s["remote-id"] ?? "",
        s["initiator"] == "yes",
        ParseHex64(s["initiator-spi"]),
        ParseHex64(s["responder-spi"]),
        s["encr-alg"] ?? "",
        (int)ChildSaInfo.ParseUInt(s["encr-keysize"]),
        s["integ-alg"],
        s["prf-alg"] ?? "",
        s["dh-group"] ?? "",
        s.Section("child-sas")?.Sections.Select(ChildSaInfo.From).ToList() ?? []);

    /// <summary>Every IKE SA in swanctl <c>--list-sas --pretty</c> output.</summary>
    public static IReadOnlyList<IkeSaInfo> ParseListSas(string prettyOutput) =>
        ViciSection.ParsePretty(prettyOutput).Sections
            .Where(m => m.Name == "list-sa event")
            .SelectMany(m => m.Sections)
            .Select(From)
            .ToList();

    private static ulong ParseHex64(string? hex) =>
        ulong.TryParse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var v) ? v : 0;
}
