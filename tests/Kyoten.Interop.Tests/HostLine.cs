using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kyoten.Interop.Tests;

/// <summary>
/// One JSON line the IKE host prints: <c>ready</c>, <c>event</c> (an IkeEvent), <c>install</c> /
/// <c>remove</c> (CHILD SA actions, never keys) or <c>error</c>. SPIs in strongSwan's hex spelling.
/// </summary>
internal sealed record HostLine(string Kind)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string? Type { get; init; }

    public string? InitiatorSpi { get; init; }

    public string? ResponderSpi { get; init; }

    public string? InboundSpi { get; init; }

    public string? OutboundSpi { get; init; }

    public string? OldInboundSpi { get; init; }

    public string? Encryption { get; init; }

    public int? KeyBits { get; init; }

    public string? Integrity { get; init; }

    public string? Prf { get; init; }

    public string? KeyExchange { get; init; }

    public bool? UdpEncapsulation { get; init; }

    public string? Text { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static HostLine? TryParse(string line)
    {
        try
        {
            return JsonSerializer.Deserialize<HostLine>(line, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
