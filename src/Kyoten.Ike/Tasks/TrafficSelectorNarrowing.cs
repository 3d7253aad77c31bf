using System.Net;
using Kyoten.Ike.Payloads;

namespace Kyoten.Ike.Tasks;

/// <summary>
/// Responder narrowing (RFC 7296 §2.9): the answer is the intersection of what the initiator offered
/// with our policy, per selector pair; an empty result is TS_UNACCEPTABLE.
/// </summary>
internal static class TrafficSelectorNarrowing
{
    public static List<TrafficSelector> Narrow(IReadOnlyList<TrafficSelector> offered, IReadOnlyList<TrafficSelector> policy)
    {
        var result = new List<TrafficSelector>();
        foreach (var a in offered)
        {
            foreach (var b in policy)
            {
                if (Intersect(a, b) is { } narrowed && !result.Contains(narrowed))
                {
                    result.Add(narrowed);
                }
            }
        }

        return result;
    }

    public static TrafficSelector? Intersect(TrafficSelector a, TrafficSelector b)
    {
        if (a.IsIpv6 != b.IsIpv6)
        {
            return null;
        }

        if (a.IpProtocol != 0 && b.IpProtocol != 0 && a.IpProtocol != b.IpProtocol)
        {
            return null;
        }

        var start = Max(a.StartAddress, b.StartAddress);
        var end = Min(a.EndAddress, b.EndAddress);
        ushort startPort = Math.Max(a.StartPort, b.StartPort);
        ushort endPort = Math.Min(a.EndPort, b.EndPort);
        if (Compare(start, end) > 0 || startPort > endPort)
        {
            return null;
        }

        return new TrafficSelector(start, end, a.IpProtocol != 0 ? a.IpProtocol : b.IpProtocol, startPort, endPort);
    }

    private static int Compare(IPAddress x, IPAddress y) => x.GetAddressBytes().AsSpan().SequenceCompareTo(y.GetAddressBytes());

    private static IPAddress Max(IPAddress x, IPAddress y) => Compare(x, y) >= 0 ? x : y;

    private static IPAddress Min(IPAddress x, IPAddress y) => Compare(x, y) <= 0 ? x : y;
}
