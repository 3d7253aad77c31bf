using Kyoten.Contracts.Agent.V1;

namespace Kyoten.Agent.Control;

/// <summary>
/// Where the IKE daemon reports tunnel events (up, down, rekeyed, auth failure); the control
/// plane implements it and sends each event to the controller at once. Never blocks.
/// </summary>
internal interface IAgentEvents
{
    void Publish(TunnelEvent tunnelEvent);
}
