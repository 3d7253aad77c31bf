using Microsoft.Win32.SafeHandles;

namespace Kyoten.Ike.Crypto;

/// <summary>An OpenSSL EVP_PKEY; freed on dispose or, if a caller forgets, by the finalizer.</summary>
internal sealed class EvpPkeyHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public EvpPkeyHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        OpenSslMontgomery.PkeyFree(handle);
        return true;
    }
}
