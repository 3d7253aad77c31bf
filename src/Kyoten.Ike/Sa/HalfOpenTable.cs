using System.Net;

namespace Kyoten.Ike.Sa;

/// <summary>
/// Responder IKE SAs that answered IKE_SA_INIT but saw no IKE_AUTH yet: counted globally and per
/// source address for the cookie decision (RFC 7296 §2.6), and indexed by (initiator address, SPIi)
/// so a retransmitted IKE_SA_INIT gets the same answer (§2.1).
/// </summary>
internal sealed class HalfOpenTable
{
    private readonly Dictionary<(IPEndPoint, ulong), IkeSa> _byInitiator = [];
    private readonly Dictionary<IPAddress, int> _perSource = [];

    public int Count => _byInitiator.Count;

    public int CountFrom(IPAddress source) => _perSource.GetValueOrDefault(source);

    public IkeSa? Find(IPEndPoint remote, ulong initiatorSpi) => _byInitiator.GetValueOrDefault((remote, initiatorSpi));

    public void Add(IkeSa sa)
    {
        var source = sa.HalfOpenSource ?? throw new InvalidOperationException("bug: half-open SA without source");
        if (_byInitiator.TryAdd((source, sa.InitiatorSpi), sa))
        {
            _perSource[source.Address] = CountFrom(source.Address) + 1;
        }
    }

    public void Remove(IkeSa sa)
    {
        if (sa.HalfOpenSource is not { } source || !_byInitiator.Remove((source, sa.InitiatorSpi)))
        {
            return;
        }

        sa.HalfOpenSource = null;
        int left = CountFrom(source.Address) - 1;
        if (left <= 0)
        {
            _perSource.Remove(source.Address);
        }
        else
        {
            _perSource[source.Address] = left;
        }
    }
}
