namespace Kyoten.Controller.Dashboard;

/// <summary>Agents report a tunnel as "local--peer"; the dashboard names it by the ordinally lower site first.</summary>
internal static class TunnelNames
{
    public const string Separator = "--";

    public static bool TrySplit(string reportName, out string local, out string peer)
    {
        var i = reportName.IndexOf(Separator, StringComparison.Ordinal);
        local = i > 0 ? reportName[..i] : "";
        peer = i > 0 ? reportName[(i + Separator.Length)..] : "";
        return i > 0 && peer.Length > 0;
    }

    public static (string A, string B) Canonical(string x, string y) => string.CompareOrdinal(x, y) <= 0 ? (x, y) : (y, x);

    public static bool IsUp(string ikeState) =>
        ikeState.Equals("ESTABLISHED", StringComparison.OrdinalIgnoreCase) || ikeState.Equals("REKEYING", StringComparison.OrdinalIgnoreCase);

    /// <summary>Weak algorithms among the tokens of a negotiated-algorithms string ("aes128-sha1-modp1024").</summary>
    public static IReadOnlyList<string> WeakAlgorithms(string algorithms) =>
        [.. algorithms.Split(['-', '/', ',', ' ', '_'], StringSplitOptions.RemoveEmptyEntries)
            .Where(t => Compilation.ProposalParser.IsWeakAlgorithm(t.ToLowerInvariant())).Distinct(StringComparer.Ordinal)];
}
