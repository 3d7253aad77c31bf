using Kyoten.Ike.Payloads;

namespace Kyoten.Ike.Messages;

/// <summary>
/// Which payloads each exchange may and must carry, per direction (RFC 7296 §1.2-§1.5, §2.6,
/// RFC 7383). Responses carry minimums of 0 because an error response is just a Notify; the tasks
/// check the success case. Payload types not listed are forbidden, except unknown (non-critical) ones.
/// </summary>
internal static class ExchangeRules
{
    private const int Many = 255;

    private static readonly PayloadRule[] SaInitRequest =
    [
        new(PayloadType.SecurityAssociation, 1, 1), new(PayloadType.KeyExchange, 1, 1), new(PayloadType.Nonce, 1, 1),
        new(PayloadType.Notify, 0, Many), new(PayloadType.VendorId, 0, Many),
    ];

    private static readonly PayloadRule[] SaInitResponse =
    [
        new(PayloadType.SecurityAssociation, 0, 1), new(PayloadType.KeyExchange, 0, 1), new(PayloadType.Nonce, 0, 1),
        new(PayloadType.Notify, 0, Many), new(PayloadType.VendorId, 0, Many), new(PayloadType.CertificateRequest, 0, Many),
    ];

    private static readonly PayloadRule[] AuthRequest =
    [
        new(PayloadType.IdInitiator, 1, 1), new(PayloadType.Authentication, 1, 1), new(PayloadType.IdResponder, 0, 1),
        new(PayloadType.Certificate, 0, 4), new(PayloadType.CertificateRequest, 0, Many), new(PayloadType.SecurityAssociation, 0, 1),
        new(PayloadType.TrafficSelectorInitiator, 0, 1), new(PayloadType.TrafficSelectorResponder, 0, 1),
        new(PayloadType.Notify, 0, Many), new(PayloadType.VendorId, 0, Many), new(PayloadType.Configuration, 0, 1),
    ];

    private static readonly PayloadRule[] AuthResponse =
    [
        new(PayloadType.IdResponder, 0, 1), new(PayloadType.Authentication, 0, 1), new(PayloadType.Certificate, 0, 4),
        new(PayloadType.SecurityAssociation, 0, 1), new(PayloadType.TrafficSelectorInitiator, 0, 1),
        new(PayloadType.TrafficSelectorResponder, 0, 1), new(PayloadType.Notify, 0, Many), new(PayloadType.VendorId, 0, Many),
        new(PayloadType.Configuration, 0, 1),
    ];

    private static readonly PayloadRule[] CreateChildRequest =
    [
        new(PayloadType.SecurityAssociation, 1, 1), new(PayloadType.Nonce, 1, 1), new(PayloadType.KeyExchange, 0, 1),
        new(PayloadType.TrafficSelectorInitiator, 0, 1), new(PayloadType.TrafficSelectorResponder, 0, 1),
        new(PayloadType.Notify, 0, Many), new(PayloadType.VendorId, 0, Many),
    ];

    private static readonly PayloadRule[] CreateChildResponse =
    [
        new(PayloadType.SecurityAssociation, 0, 1), new(PayloadType.Nonce, 0, 1), new(PayloadType.KeyExchange, 0, 1),
        new(PayloadType.TrafficSelectorInitiator, 0, 1), new(PayloadType.TrafficSelectorResponder, 0, 1),
        new(PayloadType.Notify, 0, Many), new(PayloadType.VendorId, 0, Many),
    ];

    private static readonly PayloadRule[] Informational =
    [
        new(PayloadType.Notify, 0, Many), new(PayloadType.Delete, 0, Many), new(PayloadType.VendorId, 0, Many),
        new(PayloadType.Configuration, 0, 1),
    ];

    /// <summary>The rules for one exchange and direction; empty for an unknown exchange type.</summary>
    public static ReadOnlySpan<PayloadRule> For(ExchangeType exchange, bool response) => exchange switch
    {
        ExchangeType.IkeSaInit => response ? SaInitResponse : SaInitRequest,
        ExchangeType.IkeAuth => response ? AuthResponse : AuthRequest,
        ExchangeType.CreateChildSa => response ? CreateChildResponse : CreateChildRequest,
        ExchangeType.Informational => Informational,
        _ => [],
    };

    /// <summary>RFC 7296 §3.14: every exchange except IKE_SA_INIT is protected.</summary>
    public static bool MustBeEncrypted(ExchangeType exchange) => exchange != ExchangeType.IkeSaInit;

    /// <summary>Checks a decoded message against the table; unknown payload types were already filtered by criticality.</summary>
    public static PayloadError Check(IkeMessage message)
    {
        if (message.Encrypted != MustBeEncrypted(message.Exchange))
        {
            return PayloadError.PayloadNotAllowed;
        }

        var rules = For(message.Exchange, message.IsResponse);
        if (rules.IsEmpty)
        {
            return PayloadError.InvalidValue;
        }

        Span<int> counts = stackalloc int[rules.Length];
        foreach (var payload in message.Payloads)
        {
            if (payload is UnknownPayload)
            {
                continue;
            }

            int index = IndexOf(rules, payload.Type);
            if (index < 0)
            {
                return PayloadError.PayloadNotAllowed;
            }

            if (++counts[index] > rules[index].Max)
            {
                return PayloadError.PayloadNotAllowed;
            }
        }

        for (int i = 0; i < rules.Length; i++)
        {
            if (counts[i] < rules[i].Min)
            {
                return PayloadError.PayloadMissing;
            }
        }

        return PayloadError.None;
    }

    private static int IndexOf(ReadOnlySpan<PayloadRule> rules, PayloadType type)
    {
        for (int i = 0; i < rules.Length; i++)
        {
            if (rules[i].Type == type)
            {
                return i;
            }
        }

        return -1;
    }
}
