namespace Kyoten.Esp.Crypto;

/// <summary>
/// A fixed set of non-thread-safe cipher contexts ("lanes") shared by the threads that use one SA.
/// Renting is one compare-exchange when a lane is free; callers beyond the lane count spin briefly.
/// No allocation after construction.
/// </summary>
internal sealed class LanePool<T> : IDisposable
    where T : class, IDisposable
{
    private readonly T[] _lanes;
    private readonly int[] _busy;

    public LanePool(Func<T> factory, int? count = null)
    {
        int n = count ?? Math.Clamp(Environment.ProcessorCount, 1, 16);
        _lanes = new T[n];
        _busy = new int[n];
        for (int i = 0; i < n; i++)
        {
            _lanes[i] = factory();
        }
    }

    /// <summary>Any lane, for reading immutable facts (sizes); never for crypto.</summary>
    public T First => _lanes[0];

    public int Rent(out T lane)
    {
        SpinWait spin = default;
        while (true)
        {
            for (int i = 0; i < _busy.Length; i++)
            {
                if (Volatile.Read(ref _busy[i]) == 0 && Interlocked.CompareExchange(ref _busy[i], 1, 0) == 0)
                {
                    lane = _lanes[i];
                    return i;
                }
            }

            spin.SpinOnce();
        }
    }

    public void Return(int index) => Volatile.Write(ref _busy[index], 0);

    public void Dispose()
    {
        foreach (T lane in _lanes)
        {
            lane.Dispose();
        }
    }
}
