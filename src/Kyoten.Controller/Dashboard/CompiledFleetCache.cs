using Kyoten.Controller.Compilation;
using Kyoten.Controller.Data;

namespace Kyoten.Controller.Dashboard;

/// <summary>
/// The last whole-fleet compile, reused by the site and tunnel pages until the fleet's
/// <see cref="FleetFingerprint"/> changes: at 1,000 sites a page load (and every live refresh,
/// which telemetry triggers every few seconds) would otherwise compile the whole fleet. Used only
/// for which tunnels exist and their policy; agents' configurations never come from here.
/// A singleton of the host, like <see cref="FleetReconciler"/>.
/// </summary>
internal sealed class CompiledFleetCache(FleetReconciler reconciler)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (FleetFingerprint Key, CompilerOutput Output)? _last;

    /// <summary>How many times this cache compiled (tests check reuse by it, not by timing).</summary>
    public int Compilations { get; private set; }

    public async Task<CompilerOutput> GetAsync(KyotenDbContext db, CancellationToken cancellationToken)
    {
        var key = await FleetFingerprint.ReadAsync(db, cancellationToken);
        if (_last is { } hit && hit.Key == key)
        {
            return hit.Output;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_last is { } again && again.Key == key)
            {
                return again.Output;
            }

            // Read after the fingerprint: a change in between only makes the cached output newer than
            // its key, and the next read recompiles.
            var output = await reconciler.CompileAsync(db, cancellationToken);
            Compilations++;
            _last = (key, output);
            return output;
        }
        finally
        {
            _gate.Release();
        }
    }
}
