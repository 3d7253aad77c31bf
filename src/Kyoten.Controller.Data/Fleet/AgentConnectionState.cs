namespace Kyoten.Controller.Data.Fleet;

public enum AgentConnectionState
{
    Never,
    Connected,
    Disconnected,
}
