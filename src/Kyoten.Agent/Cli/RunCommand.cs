using Kyoten.Agent.Config;
using Kyoten.Agent.Control;
using Kyoten.Contracts.Agent.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Kyoten.Agent.Cli;

/// <summary><c>kyoten-agent run [--state DIR] [--config FILE]</c>: the daemon (systemd Type=notify).</summary>
internal static class RunCommand
{
    public const string Usage = "usage: kyoten-agent run [--state DIR] [--config FILE]";

    /// <param name="configure">Extra registrations (the IKE daemon, tests).</param>
    /// <param name="started">Called once the host has started (tests wait on its services).</param>
    public static async Task<int> RunAsync(
        IReadOnlyList<string> args,
        CliContext context,
        CancellationToken cancellationToken,
        Action<IServiceCollection>? configure = null,
        Action<IHost>? started = null)
    {
        if (!CommandArguments.TryParse(args, ["--state", "--config"], [], out var parsed, out var error))
        {
            await context.Error.WriteLineAsync($"kyoten-agent run: {error}\n{Usage}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var paths = new StatePaths(parsed.Value("--state") ?? StatePaths.DefaultRoot);
        var configFile = parsed.Value("--config");
        AgentConfig? standalone = null;
        if (configFile is not null)
        {
            if (!TryLoadStandalone(configFile, context, out standalone))
            {
                return ExitCodes.InvalidConfig;
            }
        }
        else if (!paths.IsEnrolled)
        {
            await context.Error.WriteLineAsync($"kyoten-agent run: not enrolled (nothing in {paths.IdentityDirectory}); run 'kyoten-agent enroll' first, or use --config FILE").ConfigureAwait(false);
            return ExitCodes.NotEnrolled;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Services.AddSystemd();
        builder.Services.AddSingleton(context.Time);
        configure?.Invoke(builder.Services);
        builder.Services.AddAgentControl(new AgentRunOptions(paths, configFile, standalone));
        using var host = builder.Build();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        started?.Invoke(host);
        await host.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        return host.Services.GetRequiredService<RunOutcome>().ExitCode;
    }

    private static bool TryLoadStandalone(string file, CliContext context, out AgentConfig? config)
    {
        if (AgentConfigJson.TryLoad(file, out var loaded, out var errors))
        {
            errors = AgentConfigValidator.Validate(loaded);
        }

        config = errors.Count == 0 ? loaded : null;
        foreach (var e in errors)
        {
            context.Error.WriteLine($"kyoten-agent run: {file}: {e}");
        }

        return config is not null;
    }
}
