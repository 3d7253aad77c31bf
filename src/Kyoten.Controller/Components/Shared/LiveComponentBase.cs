using Kyoten.Controller.Dashboard;
using Microsoft.AspNetCore.Components;

namespace Kyoten.Controller.Components.Shared;

/// <summary>
/// A page that re-queries when the fleet changes: on the in-process <see cref="FleetSignal"/>
/// (telemetry written, NOTIFY from any replica, a dashboard change) and, as a fallback for
/// telemetry written by other replicas, every few seconds. Refreshes never overlap; signals
/// arriving during one collapse into one more.
/// </summary>
public abstract class LiveComponentBase : ComponentBase, IDisposable
{
    private static readonly TimeSpan Fallback = TimeSpan.FromSeconds(5);
    private readonly CancellationTokenSource _stop = new();
    private bool _dirty;
    private bool _running;
    private PeriodicTimer? _timer;

    [Inject]
    private FleetSignal Signal { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    protected CancellationToken Stopping => _stop.Token;

    /// <summary>The last background refresh failed (the page shows stale data).</summary>
    protected bool RefreshFailed { get; private set; }

    /// <summary>Loads (or reloads) the page's data; called once at start and on every change.</summary>
    protected abstract Task RefreshAsync(CancellationToken cancellationToken);

    protected override async Task OnInitializedAsync()
    {
        await RefreshAsync(Stopping);
        Signal.Changed += OnChanged;
        if (RendererInfo.IsInteractive)
        {
            _timer = new PeriodicTimer(Fallback, Time);
            _ = TickAsync(_timer);
        }
    }

    private async Task TickAsync(PeriodicTimer timer)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(Stopping))
            {
                OnChanged();
            }
        }
        catch (OperationCanceledException)
        {
            // Circuit gone.
        }
    }

    // Both run on the renderer's dispatcher, so the flags need no locking.
    private void OnChanged() => _ = InvokeAsync(() =>
    {
        _dirty = true;
        return _running ? Task.CompletedTask : RunAsync();
    });

    private async Task RunAsync()
    {
        _running = true;
        try
        {
            while (_dirty && !Stopping.IsCancellationRequested)
            {
                _dirty = false;
                try
                {
                    await RefreshAsync(Stopping);
                    RefreshFailed = false;
                }
                catch (Exception e) when (e is not OperationCanceledException and not ObjectDisposedException)
                {
                    // Keep showing the last good data; the next change or tick tries again.
                    RefreshFailed = true;
                }

                StateHasChanged();
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            // Circuit gone.
        }
        finally
        {
            _running = false;
        }
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Signal.Changed -= OnChanged;
            _stop.Cancel();
            _stop.Dispose();
            _timer?.Dispose();
        }
    }
}
