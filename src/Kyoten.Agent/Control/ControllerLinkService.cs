using Microsoft.Extensions.Hosting;

namespace Kyoten.Agent.Control;

/// <summary>Hosts <see cref="ControllerLink"/> for the daemon's lifetime; SIGTERM cancels it cleanly.</summary>
internal sealed class ControllerLinkService(ControllerLink link) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => link.RunAsync(stoppingToken);
}
