namespace Kyoten.Ike.Crypto;

/// <summary>Outcome of <see cref="CertificateValidator.Validate"/>; <see cref="Reason"/> is for logs and telemetry.</summary>
public sealed record CertificateValidationResult(CertificateValidationError Error, string Reason)
{
    public static CertificateValidationResult Valid { get; } = new(CertificateValidationError.None, "valid");

    public bool IsValid => Error == CertificateValidationError.None;
}
