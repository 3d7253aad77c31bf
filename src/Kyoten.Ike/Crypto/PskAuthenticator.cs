using System.Security.Cryptography;

namespace Kyoten.Ike.Crypto;

/// <summary>Shared Key Message Integrity Code authentication (auth method 2), RFC 7296 §2.15.</summary>
public static class PskAuthenticator
{
    // RFC 7296 §2.15: 'the string "Key Pad for IKEv2" is 17 ASCII characters without null termination'.
    private static ReadOnlySpan<byte> KeyPad => "Key Pad for IKEv2"u8;

    /// <summary>AUTH = prf( prf(Shared Secret, "Key Pad for IKEv2"), &lt;SignedOctets&gt;).</summary>
    public static byte[] Compute(Prf prf, ReadOnlySpan<byte> sharedSecret, ReadOnlySpan<byte> signedOctets)
    {
        ArgumentNullException.ThrowIfNull(prf);
        Span<byte> padded = stackalloc byte[prf.OutputLength];
        try
        {
            prf.Compute(sharedSecret, KeyPad, padded);
            return prf.Compute(padded, signedOctets);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(padded);
        }
    }

    /// <summary>Checks the peer's AUTH data in constant time; any length other than the PRF output fails.</summary>
    public static bool Verify(Prf prf, ReadOnlySpan<byte> sharedSecret, ReadOnlySpan<byte> signedOctets, ReadOnlySpan<byte> authData)
    {
        var expected = Compute(prf, sharedSecret, signedOctets);
        try
        {
            return authData.Length == expected.Length && CryptographicOperations.FixedTimeEquals(expected, authData);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(expected);
        }
    }
}
