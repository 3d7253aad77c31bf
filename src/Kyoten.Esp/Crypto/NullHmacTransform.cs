namespace Kyoten.Esp.Crypto;

/// <summary>RFC 2410 NULL encryption with an RFC 4868 HMAC: integrity inside ESP, no IV, 4-octet alignment.</summary>
internal sealed class NullHmacTransform : EspTransform
{
    private readonly TruncatedHmac _hmac;

    public NullHmacTransform(AlgorithmInfo info, ReadOnlySpan<byte> integrityKey)
        : base(info) => _hmac = new TruncatedHmac(info.Hash, integrityKey, info.IcvLength);

    public override void Seal(Span<byte> esp, int textLength, ulong sequence, bool esn, ReadOnlySpan<byte> forcedIv)
    {
        int authenticated = TextOffset + textLength;
        EspIntegrity.Append(_hmac, esp[..authenticated], sequence, esn);
        _hmac.Finish(esp.Slice(authenticated, Info.IcvLength));
    }

    public override bool Open(Span<byte> esp, int textLength, ulong sequence, bool esn)
    {
        int authenticated = TextOffset + textLength;
        EspIntegrity.Append(_hmac, esp[..authenticated], sequence, esn);
        return _hmac.Verify(esp.Slice(authenticated, Info.IcvLength));
    }

    public override void Dispose() => _hmac.Dispose();
}
