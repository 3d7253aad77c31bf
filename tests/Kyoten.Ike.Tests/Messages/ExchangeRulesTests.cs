using Kyoten.Ike.Messages;
using Kyoten.Ike.Payloads;
using Kyoten.Ike.Transforms;
using Xunit;

namespace Kyoten.Ike.Tests.Messages;

public sealed class ExchangeRulesTests
{
    private static IkeMessage Message(ExchangeType exchange, bool response, bool encrypted, params IkePayload[] payloads) => new()
    {
        Exchange = exchange,
        IsResponse = response,
        Encrypted = encrypted,
        Payloads = [.. payloads],
    };

    private static readonly SaPayload Sa = new() { Proposals = [new Proposal { Protocol = ProtocolId.Ike, Transforms = [new Transform(TransformType.Encryption, 20, 256)] }] };
    private static readonly KePayload Ke = new() { Group = KeyExchangeMethod.Curve25519, Data = new byte[32] };
    private static readonly NoncePayload Nonce = new() { Data = new byte[32] };

    [Fact]
    public void Ike_sa_init_request_needs_sa_ke_and_nonce()
    {
        Assert.Equal(PayloadError.None, ExchangeRules.Check(Message(ExchangeType.IkeSaInit, false, false, Sa, Ke, Nonce)));
        Assert.Equal(PayloadError.PayloadMissing, ExchangeRules.Check(Message(ExchangeType.IkeSaInit, false, false, Sa, Nonce)));
        Assert.Equal(PayloadError.PayloadNotAllowed, ExchangeRules.Check(Message(ExchangeType.IkeSaInit, false, false, Sa, Ke, Nonce, Nonce)));
    }

    [Fact]
    public void Error_only_responses_are_allowed()
    {
        var error = new NotifyPayload { NotifyType = NotifyType.NoProposalChosen };
        Assert.Equal(PayloadError.None, ExchangeRules.Check(Message(ExchangeType.IkeSaInit, true, false, error)));
        Assert.Equal(PayloadError.None, ExchangeRules.Check(Message(ExchangeType.IkeAuth, true, true, error)));
        Assert.Equal(PayloadError.None, ExchangeRules.Check(Message(ExchangeType.CreateChildSa, true, true, error)));
    }

    [Fact]
    public void Everything_after_ike_sa_init_must_be_encrypted()
    {
        Assert.Equal(PayloadError.PayloadNotAllowed, ExchangeRules.Check(Message(ExchangeType.Informational, false, false)));
        Assert.Equal(PayloadError.None, ExchangeRules.Check(Message(ExchangeType.Informational, false, true)));
        Assert.Equal(PayloadError.PayloadNotAllowed, ExchangeRules.Check(Message(ExchangeType.IkeSaInit, false, true, Sa, Ke, Nonce)));
    }

    [Fact]
    public void Payloads_outside_the_table_are_refused_but_unknown_ones_pass()
    {
        Assert.Equal(PayloadError.PayloadNotAllowed, ExchangeRules.Check(Message(ExchangeType.Informational, false, true, Ke)));
        Assert.Equal(PayloadError.None, ExchangeRules.Check(Message(ExchangeType.Informational, false, true, new UnknownPayload((PayloadType)99, []))));
        Assert.Equal(PayloadError.InvalidValue, ExchangeRules.Check(Message((ExchangeType)99, false, true)));
    }

    [Fact]
    public void Ike_auth_request_needs_idi_and_auth()
    {
        var idi = new IdPayload(true) { IdType = IdType.Fqdn, Data = "a"u8.ToArray() };
        var auth = new AuthPayload { Method = AuthMethod.SharedKeyMessageIntegrityCode, Data = new byte[32] };
        Assert.Equal(PayloadError.None, ExchangeRules.Check(Message(ExchangeType.IkeAuth, false, true, idi, auth)));
        Assert.Equal(PayloadError.PayloadMissing, ExchangeRules.Check(Message(ExchangeType.IkeAuth, false, true, idi)));
    }
}
