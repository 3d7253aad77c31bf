using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Kyoten.Agent.Runtime;

/// <summary>What every tunnel of one configuration shares when it is mapped to a peer.</summary>
internal sealed record RuntimeContext(IPAddress ListenAddress, X509Certificate2? Certificate, X509Certificate2Collection? TrustAnchors);
