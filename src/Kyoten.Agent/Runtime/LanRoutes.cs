using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Kyoten.Agent.Runtime;

/// <summary>
/// Routes for the remote LANs through the TUN device, via iproute2 (set-up time only). The data
/// path's policies decide what is protected; the routes only bring the packets to the TUN.
/// </summary>
internal sealed class LanRoutes(string device, ILogger logger)
{
    private readonly HashSet<string> _installed = new(StringComparer.Ordinal);

    public string Device { get; } = device;

    /// <summary>Makes the routed set equal to <paramref name="prefixes"/>; returns the errors.</summary>
    public async Task<IReadOnlyList<string>> SetAsync(IReadOnlyCollection<string> prefixes, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        foreach (var prefix in prefixes.Where(p => !_installed.Contains(p)))
        {
            if (await RunAsync(["route", "replace", prefix, "dev", Device], cancellationToken).ConfigureAwait(false) is { } error)
            {
                errors.Add($"route {prefix} via {Device}: {error}");
                continue;
            }

            _installed.Add(prefix);
            RuntimeLog.RouteAdded(logger, prefix, Device);
        }

        foreach (var prefix in _installed.Where(p => !prefixes.Contains(p)).ToList())
        {
            await RunAsync(["route", "del", prefix, "dev", Device], cancellationToken).ConfigureAwait(false);
            _installed.Remove(prefix);
            RuntimeLog.RouteRemoved(logger, prefix, Device);
        }

        return errors;
    }

    private static async Task<string?> RunAsync(string[] arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("ip") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(info) ?? throw new InvalidOperationException("ip did not start");
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            return process.ExitCode == 0 ? null : (await stderr.ConfigureAwait(false)).Trim();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return e.Message;
        }
    }
}
