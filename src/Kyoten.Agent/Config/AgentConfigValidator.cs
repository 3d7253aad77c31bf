using System.Net;
using System.Security.Cryptography.X509Certificates;
using Kyoten.Contracts.Agent.V1;

namespace Kyoten.Agent.Config;

/// <summary>
/// Checks an AgentConfig before anything is applied; every problem is reported at once, each
/// naming its field. Messages never contain a PSK (they go to logs and back to the controller).
/// </summary>
internal static class AgentConfigValidator
{
    public static IReadOnlyList<string> Validate(AgentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var errors = new List<string>();
        for (var i = 0; i < config.ListenAddresses.Count; i++)
        {
            if (!IPAddress.TryParse(config.ListenAddresses[i], out _))
            {
                errors.Add($"listen_addresses[{i}]: \"{config.ListenAddresses[i]}\" is not an IP address");
            }
        }

        CheckPrefixes(config.LanSubnets, "lan_subnets", errors);
        var anchors = CountTrustAnchors(config.TrustAnchorsPem, errors);
        if (config.DataPath is { Mtu: not 0 and (< 576 or > 9000) } dataPath)
        {
            errors.Add($"data_path.mtu: {dataPath.Mtu} is outside 576..9000");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < config.Tunnels.Count; i++)
        {
            var tunnel = config.Tunnels[i];
            var path = $"tunnels[{i}]";
            if (string.IsNullOrWhiteSpace(tunnel.Name))
            {
                errors.Add($"{path}.name: required");
            }
            else if (!names.Add(tunnel.Name))
            {
                errors.Add($"{path}.name: \"{tunnel.Name}\" is used by another tunnel");
            }

            TunnelValidator.Validate(tunnel, path, anchors, errors);
        }

        return errors;
    }

    internal static void CheckPrefixes(IList<string> prefixes, string path, List<string> errors)
    {
        for (var i = 0; i < prefixes.Count; i++)
        {
            if (!IPNetwork.TryParse(prefixes[i], out _))
            {
                errors.Add($"{path}[{i}]: \"{prefixes[i]}\" is not a CIDR prefix (e.g. 198.18.1.0/24)");
            }
        }
    }

    private static int CountTrustAnchors(string pem, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(pem))
        {
            return 0;
        }

        try
        {
            var collection = new X509Certificate2Collection();
            collection.ImportFromPem(pem);
            if (collection.Count == 0)
            {
                errors.Add("trust_anchors_pem: no CERTIFICATE block found");
            }

            return collection.Count;
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            errors.Add($"trust_anchors_pem: not a PEM certificate list ({e.Message})");
            return 0;
        }
    }
}
