namespace Kyoten.Agent.Cli;

/// <summary>Process exit codes; scripts (and the README) rely on them staying put.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int Usage = 2;
    public const int NotRunning = 3;

    // enroll
    public const int BadToken = 10;
    public const int ControllerUnreachable = 11;
    public const int CaMismatch = 12;
    public const int TokenRefused = 13;
    public const int AlreadyEnrolled = 14;
    public const int EnrollmentRejected = 15;
    public const int StateNotWritable = 16;

    // run
    public const int InvalidConfig = 20;
    public const int NotEnrolled = 21;
}
