namespace Kyoten.Agent.Control;

/// <summary>What <see cref="Enroller"/> did; <see cref="Message"/> is for the operator and never holds the token.</summary>
internal sealed record EnrollResult(EnrollStatus Status, string Message, IdentityInfo? Identity = null);
