namespace Kyoten.Agent.Control;

/// <summary>Enrollment outcomes; each failure has its own exit code (see <c>Cli.ExitCodes</c>).</summary>
internal enum EnrollStatus
{
    Enrolled,
    BadToken,
    AlreadyEnrolled,
    ControllerUnreachable,
    CaMismatch,
    TokenRefused,
    Rejected,
    StateNotWritable,
}
