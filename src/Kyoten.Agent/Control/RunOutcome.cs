namespace Kyoten.Agent.Control;

/// <summary>The exit code a hosted service asks for when it has to stop the daemon.</summary>
internal sealed class RunOutcome
{
    public int ExitCode { get; set; }
}
