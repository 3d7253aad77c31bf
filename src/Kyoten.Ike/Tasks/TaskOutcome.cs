namespace Kyoten.Ike.Tasks;

internal enum TaskOutcome
{
    /// <summary>The exchange is over; start the next queued task.</summary>
    Done,
    /// <summary>Send a new request for the same task with the same message ID (COOKIE, INVALID_KE_PAYLOAD).</summary>
    Retry,
    /// <summary>The answer was unauthenticated and unhelpful; keep retransmitting the same request.</summary>
    KeepWaiting,

    /// <summary>The IKE SA cannot continue; the task has raised the event that says why.</summary>
    DestroySa,
}
