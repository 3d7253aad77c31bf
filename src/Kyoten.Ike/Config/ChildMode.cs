namespace Kyoten.Ike.Config;

/// <summary>IPsec encapsulation mode; transport is negotiated with USE_TRANSPORT_MODE (RFC 7296 §1.3.1).</summary>
public enum ChildMode
{
    Tunnel,
    Transport,
}
