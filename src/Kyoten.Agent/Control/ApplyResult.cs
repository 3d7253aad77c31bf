namespace Kyoten.Agent.Control;

/// <summary>Outcome of applying a configuration; the errors travel back to the controller in the ack.</summary>
internal sealed record ApplyResult(IReadOnlyList<string> Errors)
{
    public static ApplyResult Success { get; } = new([]);

    public bool Succeeded => Errors.Count == 0;

    public static ApplyResult Failed(IReadOnlyList<string> errors) =>
        errors.Count > 0 ? new ApplyResult(errors) : throw new ArgumentException("bug: a failure needs at least one error", nameof(errors));
}
