namespace Kyoten.Ike.Transforms;

/// <summary>Transform type 5 IDs (RFC 7296 §3.3.2).</summary>
public enum ExtendedSequenceNumbers : ushort
{
    No = 0,
    Yes = 1,
}
