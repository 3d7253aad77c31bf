namespace Kyoten.Esp.Crypto;

/// <summary>Builds the ESP cipher context for an SA's algorithm.</summary>
internal static class TransformFactory
{
    public static EspTransform Create(SaParameters parameters, ReadOnlySpan<byte> ivKey)
    {
        AlgorithmInfo info = parameters.Info;
        ReadOnlySpan<byte> key = parameters.EncryptionKey.Span;
        ReadOnlySpan<byte> integrity = parameters.IntegrityKey.Span;
        return info.Kind switch
        {
            TransformKind.AesGcm when info.CipherKeyLength == 32 && SodiumAesGcmTransform.IsSupported => new SodiumAesGcmTransform(info, key),
            TransformKind.AesGcm or TransformKind.ChaCha20Poly1305 when OpenSslAeadTransform.IsAvailable => new OpenSslAeadTransform(info, key),
            TransformKind.AesGcm or TransformKind.ChaCha20Poly1305 => new AeadTransform(info, key),
            TransformKind.AesCbcHmac => new CbcHmacTransform(info, key, integrity, ivKey),
            TransformKind.NullHmac => new NullHmacTransform(info, integrity),
            _ => throw new InvalidOperationException("bug: unknown transform kind " + info.Kind),
        };
    }
}
