using System.Net;

namespace Kyoten.Agent.DataPath;

/// <summary>An IKE message received on the NAT-T port, with the non-ESP marker already removed.</summary>
internal sealed record IkeDatagram(IPEndPoint Local, IPEndPoint Remote, ReadOnlyMemory<byte> Message);
