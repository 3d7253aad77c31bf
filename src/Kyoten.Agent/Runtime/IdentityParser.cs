using System.Net;
using Kyoten.Ike.Config;

namespace Kyoten.Agent.Runtime;

/// <summary>Config identity strings → IKE ID types (RFC 7296 §3.5): IP literal, e-mail, DN or FQDN.</summary>
internal static class IdentityParser
{
    public static IkeIdentity Parse(string text) =>
        IPAddress.TryParse(text, out var address) ? IkeIdentity.Address(address)
        : text.Contains('=', StringComparison.Ordinal) ? IkeIdentity.DistinguishedName(text)
        : text.Contains('@', StringComparison.Ordinal) ? IkeIdentity.Email(text)
        : IkeIdentity.Fqdn(text);
}
