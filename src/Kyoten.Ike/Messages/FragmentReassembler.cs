using Kyoten.Ike.Payloads;

namespace Kyoten.Ike.Messages;

/// <summary>
/// Collects SKF fragments of one message (RFC 7383 §2.6) with bounded memory: at most one message
/// in flight per direction, <see cref="MaxFragments"/> pieces and <see cref="MaxBytes"/> octets;
/// anything beyond is dropped.
/// </summary>
internal sealed class FragmentReassembler
{
    public const int MaxFragments = 64;
    public const int MaxBytes = 32 * 1024;

    private readonly byte[]?[] _pieces = new byte[MaxFragments][];
    private uint _messageId;
    private int _total;
    private int _received;
    private int _bytes;
    private bool _active;
    private PayloadType _innerFirst;
    private IkeHeader _header;

    /// <summary>Adds one piece; returns true with the whole plaintext when the last piece arrived.</summary>
    public bool TryAdd(FragmentPiece piece, out IkeHeader header, out PayloadType innerFirst, out byte[]? plaintext)
    {
        header = default;
        innerFirst = PayloadType.None;
        plaintext = null;
        var fragment = piece.Fragment;
        if (fragment.TotalFragments > MaxFragments)
        {
            return false;
        }

        // RFC 7383 §2.6.1: a newer message ID or a larger Total Fragments replaces what we had.
        if (!_active || piece.Header.MessageId != _messageId || fragment.TotalFragments > _total)
        {
            if (_active && piece.Header.MessageId == _messageId && fragment.TotalFragments < _total)
            {
                return false;
            }

            Reset();
            _active = true;
            _messageId = piece.Header.MessageId;
            _total = fragment.TotalFragments;
            _header = piece.Header;
        }
        else if (fragment.TotalFragments != _total)
        {
            return false;
        }

        int index = fragment.FragmentNumber - 1;
        if (_pieces[index] is not null || _bytes + piece.Plaintext.Length > MaxBytes)
        {
            return false;
        }

        _pieces[index] = piece.Plaintext;
        _bytes += piece.Plaintext.Length;
        _received++;
        if (fragment.FragmentNumber == 1)
        {
            _innerFirst = piece.InnerFirst;
        }

        if (_received < _total)
        {
            return false;
        }

        plaintext = new byte[_bytes];
        int offset = 0;
        for (int i = 0; i < _total; i++)
        {
            _pieces[i]!.CopyTo(plaintext, offset);
            offset += _pieces[i]!.Length;
        }

        header = _header with { NextPayload = PayloadType.Encrypted };
        innerFirst = _innerFirst;
        Reset();
        return true;
    }

    public void Reset()
    {
        Array.Clear(_pieces);
        _active = false;
        _total = 0;
        _received = 0;
        _bytes = 0;
        _innerFirst = PayloadType.None;
    }
}
