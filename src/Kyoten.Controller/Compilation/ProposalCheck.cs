namespace Kyoten.Controller.Compilation;

/// <summary>The verdict on one proposal string: valid or not (with the reason), weak or not.</summary>
internal readonly record struct ProposalCheck(bool IsValid, bool IsWeak, bool HasKeyExchange, string? Error)
{
    public static ProposalCheck Invalid(string error) => new(false, false, false, error);
}
