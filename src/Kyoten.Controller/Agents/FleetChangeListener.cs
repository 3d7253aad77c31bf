using System.Threading.Channels;
using Kyoten.Controller.Compilation;
using Kyoten.Controller.Hosting;
using Npgsql;

namespace Kyoten.Controller.Agents;

/// <summary>
/// LISTENs on PostgreSQL for changes committed by any replica and refreshes the local agent
/// streams. Notifications arriving during a refresh collapse into one more refresh. A periodic
/// refresh covers notifications lost while the listening connection was down.
/// </summary>
internal sealed partial class FleetChangeListener(
    IConfiguration configuration,
    AgentSessionRegistry registry,
    Dashboard.FleetSignal signal,
    ILogger<FleetChangeListener> logger) : BackgroundService
{
    private static readonly TimeSpan SafetyRefresh = TimeSpan.FromSeconds(30);
    private readonly Channel<bool> _pending = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Set once LISTEN is active (tests wait for it before relying on NOTIFY).</summary>
    public TaskCompletionSource Listening { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(ListenAsync(stoppingToken), RefreshLoopAsync(stoppingToken));

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var connectionString = configuration.GetConnectionString(DatabaseExtensions.ConnectionStringName);
                var builder = new NpgsqlConnectionStringBuilder(connectionString) { KeepAlive = 30, Pooling = false };
                await using var connection = new NpgsqlConnection(builder.ConnectionString);
                connection.Notification += (_, _) =>
                {
                    _pending.Writer.TryWrite(true);
                    signal.Raise();
                };
                await connection.OpenAsync(stoppingToken).ConfigureAwait(false);
                await using (var listen = new NpgsqlCommand($"LISTEN {FleetReconciler.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken).ConfigureAwait(false);
                }

                Listening.TrySetResult();
                // Anything committed while we were not listening.
                _pending.Writer.TryWrite(true);
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or System.Net.Sockets.SocketException or IOException)
            {
                LogListenFailed(logger, e);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task RefreshLoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
            {
                timeout.CancelAfter(SafetyRefresh);
                try
                {
                    await _pending.Reader.ReadAsync(timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    // Periodic refresh.
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            try
            {
                await registry.RefreshAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogRefreshFailed(logger, e);
            }
        }
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "LISTEN connection to PostgreSQL failed; retrying")]
    private static partial void LogListenFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Refreshing agent streams failed")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
