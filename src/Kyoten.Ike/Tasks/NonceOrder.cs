namespace Kyoten.Ike.Tasks;

/// <summary>
/// RFC 7296 §2.8.1: of two colliding rekeys, "the SA created with the lowest of the four nonces"
/// is redundant. Nonces compare as unsigned octet strings.
/// </summary>
internal static class NonceOrder
{
    /// <summary>True when exchange A (its Ni and Nr) holds the lowest of the four nonces.</summary>
    public static bool HoldsLowest(byte[] aNi, byte[] aNr, byte[] bNi, byte[] bNr)
    {
        var a = Min(aNi, aNr);
        var b = Min(bNi, bNr);
        return a.AsSpan().SequenceCompareTo(b) < 0;
    }

    private static byte[] Min(byte[] x, byte[] y) => x.AsSpan().SequenceCompareTo(y) <= 0 ? x : y;
}
