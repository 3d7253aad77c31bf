using Kyoten.Ike.Payloads;

namespace Kyoten.Ike.Messages;

/// <summary>A decoded (or to-be-encoded) IKE message: header fields and the plaintext payload list.</summary>
internal sealed class IkeMessage
{
    public ulong InitiatorSpi { get; set; }

    public ulong ResponderSpi { get; set; }

    public ExchangeType Exchange { get; init; }

    /// <summary>The I flag: sent by the original initiator of the IKE SA.</summary>
    public bool FromInitiator { get; init; }

    public bool IsResponse { get; init; }

    public uint MessageId { get; init; }

    /// <summary>True when the payloads came from (or go into) an SK payload.</summary>
    public bool Encrypted { get; init; }

    public List<IkePayload> Payloads { get; init; } = [];

    public T? Get<T>()
        where T : IkePayload
    {
        foreach (var payload in Payloads)
        {
            if (payload is T typed)
            {
                return typed;
            }
        }

        return null;
    }

    public IkePayload? Get(PayloadType type)
    {
        foreach (var payload in Payloads)
        {
            if (payload.Type == type)
            {
                return payload;
            }
        }

        return null;
    }

    public NotifyPayload? GetNotify(NotifyType type)
    {
        foreach (var payload in Payloads)
        {
            if (payload is NotifyPayload notify && notify.NotifyType == type)
            {
                return notify;
            }
        }

        return null;
    }

    /// <summary>The first error notify, which for a response means the request failed (RFC 7296 §2.21).</summary>
    public NotifyPayload? FirstError()
    {
        foreach (var payload in Payloads)
        {
            if (payload is NotifyPayload { IsError: true } notify)
            {
                return notify;
            }
        }

        return null;
    }

    public IkeMessage Add(IkePayload payload)
    {
        Payloads.Add(payload);
        return this;
    }
}
