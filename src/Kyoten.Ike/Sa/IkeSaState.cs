namespace Kyoten.Ike.Sa;

/// <summary>Life of an IKE SA.</summary>
public enum IkeSaState
{
    /// <summary>IKE_SA_INIT sent or answered; no peer authenticated yet (half-open on a responder).</summary>
    Connecting,
    /// <summary>IKE_SA_INIT done, IKE_AUTH in progress.</summary>
    Authenticating,
    Established,
    /// <summary>Replaced by a rekeyed IKE SA, waiting for its delete.</summary>
    Rekeyed,
    Deleting,
    Deleted,
}
