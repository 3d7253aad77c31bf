using Kyoten.Ike.Payloads;

namespace Kyoten.Ike.Messages;

/// <summary>One decrypted SKF fragment (RFC 7383 §2.5) waiting for its siblings.</summary>
internal sealed record FragmentPiece(IkeHeader Header, SkfHeader Fragment, PayloadType InnerFirst, byte[] Plaintext);
