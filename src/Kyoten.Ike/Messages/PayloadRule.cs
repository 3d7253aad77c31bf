using Kyoten.Ike.Payloads;

namespace Kyoten.Ike.Messages;

/// <summary>How often a payload type may appear in one exchange direction.</summary>
internal readonly record struct PayloadRule(PayloadType Type, int Min, int Max);
