using System.Net;
using Kyoten.Contracts.Agent.V1;
using Kyoten.Ike.Crypto;

namespace Kyoten.Agent.Config;

/// <summary>The per-tunnel rules of <see cref="AgentConfigValidator"/>.</summary>
internal static class TunnelValidator
{
    public static void Validate(Tunnel tunnel, string path, int trustAnchors, List<string> errors)
    {
        if (tunnel.RemoteAddress.Length == 0)
        {
            if (tunnel.Initiator)
            {
                errors.Add($"{path}.remote_address: required when this side initiates");
            }
        }
        else if (!IPAddress.TryParse(tunnel.RemoteAddress, out _) && Uri.CheckHostName(tunnel.RemoteAddress) != UriHostNameType.Dns)
        {
            errors.Add($"{path}.remote_address: \"{tunnel.RemoteAddress}\" is not an IP address or DNS name");
        }

        if (tunnel.RemotePort > ushort.MaxValue)
        {
            errors.Add($"{path}.remote_port: {tunnel.RemotePort} is not a UDP port");
        }

        RequireSet(tunnel.IkeVersion == IkeVersion.Unspecified, $"{path}.ike_version", errors);
        RequireSet(tunnel.Protocol == IpsecProtocol.Unspecified, $"{path}.protocol", errors);
        RequireSet(tunnel.Mode == IpsecMode.Unspecified, $"{path}.mode", errors);
        CheckAuth(tunnel, path, trustAnchors, errors);
        CheckProposals(tunnel.IkeProposals, ProposalKind.Ike, $"{path}.ike_proposals", errors);
        var childKind = tunnel.Protocol == IpsecProtocol.Ah ? ProposalKind.Ah : ProposalKind.Esp;
        CheckProposals(tunnel.ChildProposals, childKind, $"{path}.child_proposals", errors);
        AgentConfigValidator.CheckPrefixes(tunnel.LocalTs, $"{path}.local_ts", errors);
        AgentConfigValidator.CheckPrefixes(tunnel.RemoteTs, $"{path}.remote_ts", errors);
        if (tunnel.Mode == IpsecMode.Tunnel && (tunnel.LocalTs.Count == 0 || tunnel.RemoteTs.Count == 0))
        {
            errors.Add($"{path}.local_ts/remote_ts: tunnel mode needs at least one prefix on each side");
        }

        CheckLifetimes(tunnel.Lifetimes, $"{path}.lifetimes", errors);
    }

    private static void CheckAuth(Tunnel tunnel, string path, int trustAnchors, List<string> errors)
    {
        switch (tunnel.Auth)
        {
            case AuthMethod.Psk when tunnel.Psk.Length < 16:
                // Length only: the value itself must never appear in a message.
                errors.Add($"{path}.psk: required for PSK authentication, at least 16 characters");
                break;
            case AuthMethod.Certificate when trustAnchors == 0:
                errors.Add($"{path}.auth: certificate authentication needs trust_anchors_pem");
                break;
            case AuthMethod.Certificate when tunnel.Psk.Length > 0:
                errors.Add($"{path}.psk: must be empty for certificate authentication");
                break;
            case AuthMethod.Unspecified:
                errors.Add($"{path}.auth: must be set (AUTH_METHOD_CERTIFICATE or AUTH_METHOD_PSK)");
                break;
        }
    }

    private static void CheckProposals(IList<string> proposals, ProposalKind kind, string path, List<string> errors)
    {
        if (proposals.Count == 0)
        {
            errors.Add($"{path}: at least one proposal is required");
        }

        for (var i = 0; i < proposals.Count; i++)
        {
            if (!ProposalNotation.TryParse(proposals[i], out var spec, out var error))
            {
                errors.Add($"{path}[{i}]: \"{proposals[i]}\": {error}");
            }
            else if (spec.Validate(kind) is { } invalid)
            {
                errors.Add($"{path}[{i}]: \"{proposals[i]}\": {invalid}");
            }
        }
    }

    private static void CheckLifetimes(Lifetimes? lifetimes, string path, List<string> errors)
    {
        if (lifetimes is null)
        {
            return;
        }

        var lead = (ulong)lifetimes.RekeyMarginSeconds + lifetimes.JitterSeconds;
        if (lifetimes.IkeSeconds != 0 && lead >= lifetimes.IkeSeconds)
        {
            errors.Add($"{path}: rekey_margin_seconds + jitter_seconds must be below ike_seconds");
        }

        if (lifetimes.ChildSeconds != 0 && lead >= lifetimes.ChildSeconds)
        {
            errors.Add($"{path}: rekey_margin_seconds + jitter_seconds must be below child_seconds");
        }
    }

    private static void RequireSet(bool unspecified, string path, List<string> errors)
    {
        if (unspecified)
        {
            errors.Add($"{path}: must be set");
        }
    }
}
