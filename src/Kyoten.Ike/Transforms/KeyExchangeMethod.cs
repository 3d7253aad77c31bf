namespace Kyoten.Ike.Transforms;

/// <summary>Transform type 4 IDs (IANA "Transform Type 4 - Key Exchange Method Transform IDs").</summary>
public enum KeyExchangeMethod : ushort
{
    None = 0,
    /// <summary>2048-bit MODP group (RFC 3526).</summary>
    Modp2048 = 14,
    /// <summary>3072-bit MODP group (RFC 3526).</summary>
    Modp3072 = 15,
    /// <summary>4096-bit MODP group (RFC 3526).</summary>
    Modp4096 = 16,
    /// <summary>8192-bit MODP group (RFC 3526).</summary>
    Modp8192 = 18,
    /// <summary>256-bit random ECP group (RFC 5903).</summary>
    Ecp256 = 19,
    /// <summary>384-bit random ECP group (RFC 5903).</summary>
    Ecp384 = 20,
    /// <summary>521-bit random ECP group (RFC 5903).</summary>
    Ecp521 = 21,
    /// <summary>Curve25519 (RFC 8031).</summary>
    Curve25519 = 31,
    /// <summary>Curve448 (RFC 8031).</summary>
    Curve448 = 32,
}
