using System.Numerics;

namespace Kyoten.Esp.Replay;

/// <summary>
/// RFC 4303 §3.4.3 anti-replay window over 64-bit sequence numbers, with Appendix A2 inference of the
/// high-order 32 bits when ESN is on. A ring of 64-bit words (wireguard-go <c>replay/</c> style) keeps
/// every number in [Top − Size + 1, Top]; sliding forward clears whole words, so a jump costs at most
/// one pass over the ring. Not thread-safe: <see cref="InboundSa"/> serialises access.
/// </summary>
internal sealed class ReplayWindow
{
    private readonly ulong[] _ring;
    private readonly ulong _wordMask;
    private readonly bool _esn;

    public ReplayWindow(int size, bool esn)
    {
        Size = (ulong)size;
        _esn = esn;
        // Ring of ≥ Size + 63 bits so that clearing a word never drops a number still inside the window.
        int words = (int)BitOperations.RoundUpToPowerOf2((uint)((size + 63) / 64) + 1);
        _ring = new ulong[words];
        _wordMask = (ulong)words - 1;
    }

    public ulong Size { get; }

    /// <summary>Highest sequence number accepted so far (0 = none yet).</summary>
    public ulong Top { get; private set; }

    /// <summary>
    /// Reconstructs the full sequence number from the 32 bits on the wire. Without ESN it is the wire
    /// value. With ESN, RFC 4303 Appendix A2.1: let Tl/Th be the halves of Top and W the window size;
    /// if the window sits inside one 2^32 subspace (Tl ≥ W−1) a number below the window's bottom belongs
    /// to the next subspace, otherwise a number above the bottom (mod 2^32) belongs to the previous one.
    /// False when the result would leave the 64-bit space (too old before 0, or past 2^64).
    /// </summary>
    public bool TryInfer(uint low, out ulong sequence)
    {
        if (!_esn)
        {
            sequence = low;
            return true;
        }

        uint tl = (uint)Top;
        uint th = (uint)(Top >> 32);
        uint w = (uint)Size;
        uint bottom = unchecked(tl - w + 1);
        ulong high;
        if (tl >= w - 1)
        {
            if (low >= bottom)
            {
                high = th;
            }
            else if (th == uint.MaxValue)
            {
                sequence = 0;
                return false;
            }
            else
            {
                high = (ulong)th + 1;
            }
        }
        else if (low >= bottom)
        {
            if (th == 0)
            {
                // Would be "before" sequence number 1: cannot have been sent under this SA.
                sequence = 0;
                return false;
            }

            high = (ulong)th - 1;
        }
        else
        {
            high = th;
        }

        sequence = (high << 32) | low;
        return true;
    }

    /// <summary>RFC 4303 §3.4.3: true when <paramref name="sequence"/> is new and not left of the window.</summary>
    public bool Check(ulong sequence)
    {
        if (sequence == 0)
        {
            // The first packet carries 1 (RFC 4303 §3.3.3); 0 is never sent.
            return false;
        }

        if (sequence > Top)
        {
            return true;
        }

        if (Top - sequence >= Size)
        {
            return false;
        }

        return (_ring[(sequence >> 6) & _wordMask] & (1UL << (int)(sequence & 63))) == 0;
    }

    /// <summary>Marks a sequence number as received, sliding the window right if needed. Only after integrity passed.</summary>
    public bool CheckAndUpdate(ulong sequence)
    {
        if (!Check(sequence))
        {
            return false;
        }

        if (sequence > Top)
        {
            ulong current = Top >> 6;
            ulong target = sequence >> 6;
            ulong clear = Math.Min(target - current, (ulong)_ring.Length);
            for (ulong i = 1; i <= clear; i++)
            {
                _ring[(current + i) & _wordMask] = 0;
            }

            Top = sequence;
        }

        _ring[(sequence >> 6) & _wordMask] |= 1UL << (int)(sequence & 63);
        return true;
    }

    /// <summary>Test hook: restart the window at <paramref name="top"/> (marked received, nothing else).</summary>
    internal void Reset(ulong top)
    {
        Array.Clear(_ring);
        Top = top;
        if (top != 0)
        {
            _ring[(top >> 6) & _wordMask] |= 1UL << (int)(top & 63);
        }
    }
}
