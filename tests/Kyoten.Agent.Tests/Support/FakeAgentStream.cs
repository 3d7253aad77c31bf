using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using Kyoten.Contracts.Agent.V1;

namespace Kyoten.Agent.Tests.Support;

/// <summary>One Connect stream as the fake controller sees it: what the agent sent, and a way to push or hang up.</summary>
internal sealed class FakeAgentStream(X509Certificate2 clientCertificate)
{
    private readonly TaskCompletionSource<Hello> _hello = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public X509Certificate2 ClientCertificate { get; } = clientCertificate;

    public Task<Hello> Hello => _hello.Task;

    public Channel<ControllerMessage> Outgoing { get; } = Channel.CreateUnbounded<ControllerMessage>();

    public Channel<ConfigAck> Acks { get; } = Channel.CreateUnbounded<ConfigAck>();

    public Channel<TelemetryReport> Telemetry { get; } = Channel.CreateUnbounded<TelemetryReport>();

    public Channel<TunnelEvent> Events { get; } = Channel.CreateUnbounded<TunnelEvent>();

    public Channel<Keepalive> Keepalives { get; } = Channel.CreateUnbounded<Keepalive>();

    public void Push(AgentConfig config) => Outgoing.Writer.TryWrite(new ControllerMessage { Config = config });

    public void Push(ControllerMessage message) => Outgoing.Writer.TryWrite(message);

    /// <summary>Ends the stream from the server side with status OK.</summary>
    public void Drop() => Outgoing.Writer.TryComplete();

    public void Record(AgentMessage message)
    {
        switch (message.BodyCase)
        {
            case AgentMessage.BodyOneofCase.Hello:
                _hello.TrySetResult(message.Hello);
                break;
            case AgentMessage.BodyOneofCase.Ack:
                Acks.Writer.TryWrite(message.Ack);
                break;
            case AgentMessage.BodyOneofCase.Telemetry:
                Telemetry.Writer.TryWrite(message.Telemetry);
                break;
            case AgentMessage.BodyOneofCase.Event:
                Events.Writer.TryWrite(message.Event);
                break;
            case AgentMessage.BodyOneofCase.Keepalive:
                Keepalives.Writer.TryWrite(message.Keepalive);
                break;
        }
    }
}
